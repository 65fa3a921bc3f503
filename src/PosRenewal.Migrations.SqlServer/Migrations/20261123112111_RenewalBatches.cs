using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RenewalBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "OrderId",
                table: "PaymentAttempts",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<long>(
                name: "BatchId",
                table: "PaymentAttempts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BatchId",
                table: "Orders",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Batches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BatchNo = table.Column<string>(type: "varchar(15)", unicode: false, maxLength: 15, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    AgentId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    TermMonths = table.Column<int>(type: "int", nullable: false),
                    CardCount = table.Column<int>(type: "int", nullable: false),
                    Total = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Fees = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    PaidAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Attention = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Batches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Batches_Agents_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Agents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_BatchId",
                table: "PaymentAttempts",
                column: "BatchId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_PaymentAttempts_OrderOrBatch",
                table: "PaymentAttempts",
                sql: "(OrderId IS NOT NULL AND BatchId IS NULL) OR (OrderId IS NULL AND BatchId IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_BatchId",
                table: "Orders",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Batches_AgentId_CreatedAtUtc",
                table: "Batches",
                columns: new[] { "AgentId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Batches_BatchNo",
                table: "Batches",
                column: "BatchNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Batches_IdempotencyKey",
                table: "Batches",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Orders_Batches_BatchId",
                table: "Orders",
                column: "BatchId",
                principalTable: "Batches",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_PaymentAttempts_Batches_BatchId",
                table: "PaymentAttempts",
                column: "BatchId",
                principalTable: "Batches",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Orders_Batches_BatchId",
                table: "Orders");

            migrationBuilder.DropForeignKey(
                name: "FK_PaymentAttempts_Batches_BatchId",
                table: "PaymentAttempts");

            migrationBuilder.DropTable(
                name: "Batches");

            migrationBuilder.DropIndex(
                name: "IX_PaymentAttempts_BatchId",
                table: "PaymentAttempts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_PaymentAttempts_OrderOrBatch",
                table: "PaymentAttempts");

            migrationBuilder.DropIndex(
                name: "IX_Orders_BatchId",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "PaymentAttempts");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "Orders");

            migrationBuilder.AlterColumn<long>(
                name: "OrderId",
                table: "PaymentAttempts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);
        }
    }
}
