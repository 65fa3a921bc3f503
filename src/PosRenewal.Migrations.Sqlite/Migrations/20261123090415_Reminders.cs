using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Merchants",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Merchants",
                type: "TEXT",
                unicode: false,
                maxLength: 8,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.AddColumn<bool>(
                name: "RemindByEmail",
                table: "Merchants",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemindBySms",
                table: "Merchants",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Agents",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Agents",
                type: "TEXT",
                unicode: false,
                maxLength: 8,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 96, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    CardId = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiryDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MerchantId = table.Column<long>(type: "INTEGER", nullable: true),
                    AgentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Language = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cards_ExpiryDate",
                table: "Cards",
                column: "ExpiryDate");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_AgentId_CreatedAtUtc",
                table: "Notifications",
                columns: new[] { "AgentId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_CardId_ExpiryDate_Kind",
                table: "Notifications",
                columns: new[] { "CardId", "ExpiryDate", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Key",
                table: "Notifications",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_MerchantId_CreatedAtUtc",
                table: "Notifications",
                columns: new[] { "MerchantId", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Cards_ExpiryDate",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "RemindByEmail",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "RemindBySms",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Agents");
        }
    }
}
