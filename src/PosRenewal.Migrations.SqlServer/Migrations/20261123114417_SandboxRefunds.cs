using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SandboxRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastRefundNo",
                table: "SandboxTrades");

            migrationBuilder.CreateTable(
                name: "SandboxRefund",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TradeNo = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false),
                    RefundNo = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxRefund", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxRefund_TradeNo_RefundNo",
                table: "SandboxRefund",
                columns: new[] { "TradeNo", "RefundNo" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SandboxRefund");

            migrationBuilder.AddColumn<string>(
                name: "LastRefundNo",
                table: "SandboxTrades",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: true);
        }
    }
}
