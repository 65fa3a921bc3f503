using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RenewalStickers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RenewalStickers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CardId = table.Column<long>(type: "INTEGER", nullable: false),
                    Token = table.Column<string>(type: "TEXT", unicode: false, maxLength: 22, nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RenewalStickers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RenewalStickers_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RenewalStickers_CardId",
                table: "RenewalStickers",
                column: "CardId",
                unique: true,
                filter: "RevokedAtUtc IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RenewalStickers_Token",
                table: "RenewalStickers",
                column: "Token",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RenewalStickers");
        }
    }
}
