using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Packages;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class PackageConfiguration : IEntityTypeConfiguration<Package>
{
    public void Configure(EntityTypeBuilder<Package> builder)
    {
        builder.Property(p => p.Code).HasMaxLength(Package.CodeMaxLength).IsUnicode(false);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(Package.NameMaxLength);
        builder.Property(p => p.NameEn).HasMaxLength(Package.NameMaxLength);
        builder.HasIndex(p => new { p.Carrier, p.IsActive });
    }
}
