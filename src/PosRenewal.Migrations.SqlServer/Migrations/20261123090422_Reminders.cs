using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.SqlServer.Migrations
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
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Merchants",
                type: "varchar(8)",
                unicode: false,
                maxLength: 8,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.AddColumn<bool>(
                name: "RemindByEmail",
                table: "Merchants",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemindBySms",
                table: "Merchants",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Agents",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Agents",
                type: "varchar(8)",
                unicode: false,
                maxLength: 8,
                nullable: false,
                defaultValue: "zh-CN");

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "varchar(96)", unicode: false, maxLength: 96, nullable: false),
                    Kind = table.Column<string>(type: "varchar(16)", unicode: false, maxLength: 16, nullable: false),
                    CardId = table.Column<long>(type: "bigint", nullable: true),
                    ExpiryDate = table.Column<DateOnly>(type: "date", nullable: true),
                    MerchantId = table.Column<long>(type: "bigint", nullable: true),
                    AgentId = table.Column<long>(type: "bigint", nullable: true),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Language = table.Column<string>(type: "varchar(8)", unicode: false, maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Error = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
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
