using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Imports;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class CardImportConfiguration : IEntityTypeConfiguration<CardImport>
{
    public void Configure(EntityTypeBuilder<CardImport> builder)
    {
        builder.Property(i => i.FileName).HasMaxLength(CardImport.FileNameMaxLength);
        builder.Property(i => i.By).HasMaxLength(CardImport.ByMaxLength);
        builder.Property(i => i.Message).HasMaxLength(CardImport.MessageMaxLength);
        builder.Property(i => i.LockedBy).HasMaxLength(64).IsUnicode(false);
        builder.Ignore(i => i.IsFinished);
        builder.HasIndex(i => i.Status);
    }
}

internal sealed class CardImportErrorConfiguration : IEntityTypeConfiguration<CardImportError>
{
    public void Configure(EntityTypeBuilder<CardImportError> builder)
    {
        builder.Property(e => e.Iccid).HasMaxLength(40);
        builder.Property(e => e.Reason).HasMaxLength(CardImportError.ReasonMaxLength);
        builder.HasOne<CardImport>().WithMany().HasForeignKey(e => e.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ImportId, e.Line });
    }
}

internal sealed class CardImportFileConfiguration : IEntityTypeConfiguration<CardImportFile>
{
    public void Configure(EntityTypeBuilder<CardImportFile> builder)
    {
        builder.HasOne(f => f.Import).WithMany().HasForeignKey(f => f.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.ImportId, f.Part }).IsUnique();
    }
}
