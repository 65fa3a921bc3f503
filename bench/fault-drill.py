#!/usr/bin/env python3
"""Fault drill: nothing paid is lost, nothing is counted twice.

Starts a simulated carrier and two portal processes on one SQLite database, drives N renewals through
the real HTTP flow (confirmation form, Sandbox hosted page, signed notifications), kills and restarts
one portal mid-run and takes the carrier down for a while, then checks the database:
every paid order Active, each card's expiry = its start + the sum of its paid terms (and the carrier
agrees), no payment counted twice, nothing stuck. Prints the figures; exits 1 on any violation.

    python3 bench/fault-drill.py [--renewals 40] [--app bench/results/app]
"""
import argparse, calendar, datetime, http.cookiejar, json, os, random, re, signal, sqlite3, subprocess, sys, time
import urllib.error, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "results", "drill")
CARRIER_KEY = "drill-carrier-key-0123456789"
SANDBOX_SECRET = "drill-sandbox-secret-0123456789"
PACKAGES = {"CM-1M": (1, "12.00"), "CM-3M": (3, "33.00")}


def log(msg):
    print(f"[drill {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def bench_iccid(i):
    body = "8986009" + f"{i:012d}"
    for d in range(10):
        s, total = body + str(d), 0
        for k, c in enumerate(reversed(s)):
            n = int(c) * (2 if k % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return s


def add_months(d, months):
    """ExpiryRule.AddCalendarMonths: clamp to shorter months, month ends stay month ends."""
    month_end = d.day == calendar.monthrange(d.year, d.month)[1]
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    last = calendar.monthrange(y, m)[1]
    return datetime.date(y, m, last if month_end else min(d.day, last))


class Portal:
    def __init__(self, name, port, app, db, extra):
        self.name, self.port, self.app, self.db, self.extra, self.proc = name, port, app, db, extra, None
        self.base = f"http://127.0.0.1:{port}"

    def start(self):
        try:
            urllib.request.urlopen(self.base + "/healthz", timeout=1)
            raise SystemExit(f"port {self.port} is already in use: stop the process holding it first")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", ASPNETCORE_URLS=self.base,
                   ConnectionStrings__PosRenewal=f"Data Source={self.db}", Portal__PublicBaseUrl=self.base,
                   Serilog__MinimumLevel__Default="Warning", **self.extra)
        logf = open(os.path.join(OUT, f"{self.name}.log"), "a")
        self.proc = subprocess.Popen(["dotnet", os.path.join(self.app, "PosRenewal.Web.dll")], env=env,
                                     stdout=logf, stderr=subprocess.STDOUT, cwd=self.app)
        for _ in range(120):
            try:
                urllib.request.urlopen(self.base + "/healthz/ready", timeout=2).read()
                return
            except Exception:
                time.sleep(0.5)
        raise SystemExit(f"{self.name} did not start; see {OUT}/{self.name}.log")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Browser:
    """Cookies and forms, as a merchant's browser (redirects followed by hand)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self.NoRedirect)

    def get(self, url):
        with self.opener.open(url, timeout=30) as r:
            return r.read().decode()

    def post(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(url, data=data, timeout=30) as r:
                return r.status, r.headers.get("Location")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location")


def hidden(html, name):
    m = re.search(r'name="%s"[^>]*value="([^"]*)"' % re.escape(name), html) or re.search(r'value="([^"]*)"[^>]*name="%s"' % re.escape(name), html)
    return m.group(1) if m else None


def renew(portal, iccid, package):
    """Confirm on one portal, pay on the Sandbox page. Returns the order number, or None if a portal was down."""
    b = Browser()
    url = f"{portal.base}/cards/{iccid}/renew/{package}"
    html = b.get(url)
    fields = {"__RequestVerificationToken": hidden(html, "__RequestVerificationToken"),
              "IdempotencyKey": hidden(html, "IdempotencyKey"), "Gateway": "Sandbox"}
    status, location = b.post(url, fields)
    if status != 302 or "/sandbox/pay" not in (location or ""):
        raise RuntimeError(f"confirmation answered {status} {location}")
    pay = urllib.parse.urljoin(portal.base, location)
    order_no = urllib.parse.parse_qs(urllib.parse.urlparse(pay).query)["trade_no"][0][:15]
    page = b.get(pay)
    status, _ = b.post(pay, {"__RequestVerificationToken": hidden(page, "__RequestVerificationToken"), "action": "Pay"})
    if status != 302:
        raise RuntimeError(f"sandbox pay answered {status}")
    return order_no


def set_carrier_faults(carrier, faults):
    req = urllib.request.Request(f"{carrier.base}/carrier-sim/faults/ChinaMobile", data=json.dumps(faults).encode(), method="PUT",
                                 headers={"Content-Type": "application/json", "X-Carrier-Key": CARRIER_KEY})
    urllib.request.urlopen(req, timeout=10).read()


def main():
    processes = []
    try:
        return drill(processes)
    finally:
        for p in processes:
            p.stop()


def drill(processes):
    ap = argparse.ArgumentParser()
    ap.add_argument("--renewals", type=int, default=40)
    ap.add_argument("--app", default=os.path.join(ROOT, "bench", "results", "app"))
    ap.add_argument("--settle-seconds", type=int, default=180)
    args = ap.parse_args()
    args.app = os.path.abspath(args.app)
    os.makedirs(OUT, exist_ok=True)
    db, carrier_db = os.path.join(OUT, "drill.db"), os.path.join(OUT, "carrier.db")
    for f in (db, carrier_db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f + suffix):
                os.remove(f + suffix)
    if not os.path.exists(os.path.join(args.app, "PosRenewal.Web.dll")):
        log("publishing the portal (Release)")
        subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src", "PosRenewal.Web"), "-c", "Release", "-o", args.app, "--nologo", "-v", "quiet"], check=True)

    cards = max(8, args.renewals * 2 // 3)
    common = {
        "Carriers__Simulator__Enabled": "true", "Carriers__Simulator__ApiKey": CARRIER_KEY,
        "Carriers__Simulator__ClientTimeout": "00:00:02",
        "Payments__Gateways__0": "Sandbox", "Payments__Sandbox__Secret": SANDBOX_SECRET, "Payments__Sandbox__DuplicateRate": "0.3",
        "Payments__Sandbox__NotifierPollInterval": "00:00:00.300",
        "Outbox__PollInterval": "00:00:00.300", "Outbox__BaseDelay": "00:00:00.500", "Outbox__MaxDelay": "00:00:05", "Outbox__MaxAttempts": "40",
        "Outbox__Lease": "00:00:10", "DataProtection__KeysPath": os.path.join(OUT, "keys"),
        "Reconciliation__Interval": "00:00:02", "Reconciliation__PendingAfter": "00:00:05", "Reconciliation__CloseAfter": "00:00:20",
    }
    carrier = Portal("carrier", 5301, args.app, carrier_db, {k: v for k, v in common.items() if not k.startswith("Payments__")})
    processes.append(carrier)
    carrier.start()
    portal_env = {**common, "Carriers__Simulator__BaseUrl": carrier.base + "/", "Database__SeedDemoData": "true", "Database__BenchCards": str(16 + 200 + cards)}
    a = Portal("portal-a", 5302, args.app, db, portal_env)
    processes.append(a)
    a.start()
    b = Portal("portal-b", 5303, args.app, db, portal_env)
    processes.append(b)
    b.start()
    iccids = [bench_iccid(200 + i) for i in range(cards)]
    con = sqlite3.connect(db, timeout=30)
    start = {r[0]: datetime.date.fromisoformat(r[1]) for r in con.execute(
        f"select Iccid, ExpiryDate from Cards where Iccid in ({','.join('?' * len(iccids))})", iccids)}
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    assert all(e >= today for e in start.values()), "drill cards must not be expired"

    random.seed(7)
    paid, kills, carrier_outages, failed_requests = {}, 0, 0, 0
    for n in range(args.renewals):
        portal = a if n % 2 == 0 else b
        if n == args.renewals // 3:
            log("killing portal-a (SIGKILL) mid-run")
            a.kill()
            kills += 1
        if n == args.renewals // 3 + 3:
            log("restarting portal-a")
            a.start()
        if n == args.renewals // 2:
            log("carrier down for 8 s")
            set_carrier_faults(carrier, {"DownUntil": (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=8)).isoformat(), "FailureRate": 0.1})
            carrier_outages += 1
        if a.proc.poll() is not None:
            portal = b
        iccid, package = random.choice(iccids), random.choice(list(PACKAGES))
        try:
            order_no = renew(portal, iccid, package)
            paid[order_no] = (iccid, package)
        except Exception as e:
            failed_requests += 1
            log(f"renewal {n} on {portal.name} failed before payment: {e}")
    set_carrier_faults(carrier, {"FailureRate": 0.1})

    log(f"{len(paid)} renewals paid; waiting for every order to settle")
    deadline = time.time() + args.settle_seconds
    while time.time() < deadline:
        open_orders = con.execute("select count(*) from Orders where Status in ('Paid','Activating')").fetchone()[0]
        pending = con.execute("select count(*) from Outbox where ProcessedAtUtc is null").fetchone()[0]
        attempts = con.execute("select count(*) from PaymentAttempts where Status='Pending'").fetchone()[0]
        if open_orders == 0 and pending == 0 and attempts == 0:
            break
        time.sleep(1)

    problems = []
    rows = {r[0]: r[1:] for r in con.execute("select OrderNo, Status, Iccid, TermMonths from Orders")}
    # Every order whose money arrived (a succeeded attempt), whether or not the driver saw it through.
    money_in = {r[0] for r in con.execute("select distinct o.OrderNo from Orders o join PaymentAttempts a on a.OrderId = o.Id where a.Status='Succeeded'")}
    not_active = [o for o in money_in if rows[o][0] != "Active"]
    lost = [o for o in paid if o not in rows or rows[o][0] != "Active"]
    doubled = con.execute("select count(*) from (select OrderId from PaymentAttempts where Status='Succeeded' group by OrderId having count(*) > 1)").fetchone()[0]
    stuck = con.execute("select count(*) from Outbox where ProcessedAtUtc is null").fetchone()[0]
    pending_attempts = con.execute("select count(*) from PaymentAttempts where Status='Pending'").fetchone()[0]
    carrier_con = sqlite3.connect(carrier_db, timeout=30)
    carrier_expiry = {r[0]: r[1] for r in carrier_con.execute("select Iccid, Expiry from SimCarrierCard")}
    wrong_expiry = 0
    for iccid in iccids:
        expected = start[iccid]
        for order_no in sorted(money_in):
            if rows[order_no][1] == iccid:
                expected = add_months(expected, rows[order_no][2])
        ours = datetime.date.fromisoformat(con.execute("select ExpiryDate from Cards where Iccid=?", (iccid,)).fetchone()[0])
        touched = any(rows[o][1] == iccid for o in money_in)
        theirs = carrier_expiry.get(iccid)
        if ours != expected or (touched and theirs != expected.isoformat()):
            wrong_expiry += 1
            problems.append(f"{iccid}: expected {expected}, ours {ours}, carrier {theirs}")
    if not_active:
        problems.append(f"orders not Active: {not_active[:5]}")
    if lost:
        problems.append(f"paid orders lost: {lost[:5]}")
    if doubled:
        problems.append(f"orders with more than one successful payment: {doubled}")
    if stuck or pending_attempts:
        problems.append(f"stuck: {stuck} outbox messages, {pending_attempts} pending payment attempts")

    notifications = con.execute("select Outcome, count(*) from PaymentNotifications group by Outcome").fetchall()
    activation_retries = con.execute("select coalesce(sum(Attempts),0) from Outbox").fetchone()[0]
    print()
    print(f"renewals driven: {args.renewals}; paid through the flow: {len(paid)}; orders with money in: {len(money_in)}; failed before payment: {failed_requests}")
    print(f"portal kills: {kills}; carrier outages: {carrier_outages}; activation retries: {activation_retries}")
    print(f"notifications: {dict(notifications)}")
    print(f"lost: {len(lost)}; doubled: {doubled}; wrong expiries: {wrong_expiry}; stuck: {stuck + pending_attempts}")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("OK: every paid order Active, every expiry = start + paid terms (ours and the carrier's), nothing doubled, nothing stuck")
    return 0


if __name__ == "__main__":
    sys.exit(main())
