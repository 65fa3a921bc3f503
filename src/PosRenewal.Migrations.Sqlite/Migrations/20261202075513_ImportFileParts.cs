using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ImportFileParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CardImportFiles_ImportId",
                table: "CardImportFiles");

            migrationBuilder.AddColumn<int>(
                name: "Part",
                table: "CardImportFiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_CardImportFiles_ImportId_Part",
                table: "CardImportFiles",
                columns: new[] { "ImportId", "Part" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CardImportFiles_ImportId_Part",
                table: "CardImportFiles");

            migrationBuilder.DropColumn(
                name: "Part",
                table: "CardImportFiles");

            migrationBuilder.CreateIndex(
                name: "IX_CardImportFiles_ImportId",
                table: "CardImportFiles",
                column: "ImportId",
                unique: true);
        }
    }
}
