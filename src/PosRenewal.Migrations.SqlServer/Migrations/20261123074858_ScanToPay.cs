using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ScanToPay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresAtUtc",
                table: "PaymentAttempts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mode", // attempts made before scan-to-pay were all hosted-page payments
                table: "PaymentAttempts",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "HostedPage");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiresAtUtc",
                table: "PaymentAttempts");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "PaymentAttempts");
        }
    }
}
