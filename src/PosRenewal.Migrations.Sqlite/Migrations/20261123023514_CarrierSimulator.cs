using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CarrierSimulator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SimCarrierCard",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Iccid = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Expiry = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BonusDataMb = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimCarrierCard", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SimCarrierRequest",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Iccid = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    AcceptedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SimCarrierRequest", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SimCarrierCard_Carrier_Iccid",
                table: "SimCarrierCard",
                columns: new[] { "Carrier", "Iccid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SimCarrierRequest_Carrier_RequestId",
                table: "SimCarrierRequest",
                columns: new[] { "Carrier", "RequestId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SimCarrierCard");

            migrationBuilder.DropTable(
                name: "SimCarrierRequest");
        }
    }
}
