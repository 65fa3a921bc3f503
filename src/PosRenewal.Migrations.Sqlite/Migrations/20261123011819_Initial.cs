using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PosRenewal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Merchants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContactPhone = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Merchants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Packages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    DataAllowanceMb = table.Column<long>(type: "INTEGER", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Packages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentNotifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Gateway = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TradeNo = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    RawBody = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentNotifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxTrades",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TradeNo = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TransactionId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NotifyUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaidAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NotifyAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextNotifyAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DuplicatesLeft = table.Column<int>(type: "INTEGER", nullable: false),
                    RefundedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxTrades", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Cards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Iccid = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Msisdn = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: true),
                    TerminalSerial = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: true),
                    MerchantId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExpiryDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DataUsedMb = table.Column<long>(type: "INTEGER", nullable: false),
                    DataAllowanceMb = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Cards_Merchants_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Merchants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Orders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderNo = table.Column<string>(type: "TEXT", unicode: false, maxLength: 15, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    OpenSlot = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    CardId = table.Column<long>(type: "INTEGER", nullable: false),
                    Iccid = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    PackageCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    PackageName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    DataAllowanceMb = table.Column<long>(type: "INTEGER", nullable: false),
                    PackagePrice = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Discount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    AgentFee = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Total = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    PreviousExpiry = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NewExpiry = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaidAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attention = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Orders_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaymentAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Gateway = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TradeNo = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    GatewayTransactionId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RedirectUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    QrPayload = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RawResult = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentAttempts_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cards_Iccid",
                table: "Cards",
                column: "Iccid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cards_MerchantId",
                table: "Cards",
                column: "MerchantId");

            migrationBuilder.CreateIndex(
                name: "IX_Cards_Msisdn",
                table: "Cards",
                column: "Msisdn");

            migrationBuilder.CreateIndex(
                name: "IX_Cards_TerminalSerial",
                table: "Cards",
                column: "TerminalSerial");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CardId_CreatedAtUtc",
                table: "Orders",
                columns: new[] { "CardId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_IdempotencyKey",
                table: "Orders",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_OpenSlot",
                table: "Orders",
                column: "OpenSlot",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_OrderNo",
                table: "Orders",
                column: "OrderNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Packages_Carrier_IsActive",
                table: "Packages",
                columns: new[] { "Carrier", "IsActive" });

            migrationBuilder.CreateIndex(
                name: "IX_Packages_Code",
                table: "Packages",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_Gateway_GatewayTransactionId",
                table: "PaymentAttempts",
                columns: new[] { "Gateway", "GatewayTransactionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_OrderId",
                table: "PaymentAttempts",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_Status_CreatedAtUtc",
                table: "PaymentAttempts",
                columns: new[] { "Status", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_TradeNo",
                table: "PaymentAttempts",
                column: "TradeNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentNotifications_TradeNo",
                table: "PaymentNotifications",
                column: "TradeNo");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxTrades_NextNotifyAtUtc",
                table: "SandboxTrades",
                column: "NextNotifyAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxTrades_TradeNo",
                table: "SandboxTrades",
                column: "TradeNo",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Packages");

            migrationBuilder.DropTable(
                name: "PaymentAttempts");

            migrationBuilder.DropTable(
                name: "PaymentNotifications");

            migrationBuilder.DropTable(
                name: "SandboxTrades");

            migrationBuilder.DropTable(
                name: "Orders");

            migrationBuilder.DropTable(
                name: "Cards");

            migrationBuilder.DropTable(
                name: "Merchants");
        }
    }
}
