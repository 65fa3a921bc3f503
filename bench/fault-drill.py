#!/usr/bin/env python3
"""Fault drill: renewals get paid, nothing paid is lost, nothing is counted twice.

Publishes the current checkout (Release) afresh, then starts, as a deployment runs them, a simulated carrier and two
portal processes on one SQLite database behind a small load balancer (one public address, as a deployment has;
it sends each request to the next live portal): Production settings, demo mode (the Sandbox gateway and the
carrier simulator), plain HTTP. Drives N renewals through the real HTTP flow (confirmation form with its antiforgery token,
the Sandbox's hosted page, signed notifications) from several merchants at once, while it

  - kills one portal (SIGKILL) mid-run and restarts it,
  - takes the carrier down for 8 s, and fails 10% of its calls throughout,
  - has the Sandbox notify 30% of payments twice and lose every notification of 10% (reconciliation must find them).

A merchant whose attempt fails (a portal dies under them) tries once more, as a person would; one who has paid
waits on the order page until it says paid (up to 30 s) before renewing that card again. A card's renewals come one
after another (one shop, one terminal), different cards' at the same time.
Then it waits for everything to settle and checks the database and both simulators' books. It FAILS unless

  - at least 95% of the renewals driven are paid and Active, and every other one is accounted for: no money moved
    (no successful payment, and the Sandbox's own books hold no paid trade for it);
  - no paid trade in the gateway's books is missing from ours (lost), none is counted twice (doubled);
  - each card's renewals chain (each starts where the previous ended, spans its term in months, the last is the
    card's expiry) and the carrier holds the same expiry (the expiry rule itself is tested elsewhere, with literal
    dates: this drill does not re-implement it);
  - nothing is stuck (open orders, outbox messages, pending payment attempts).

    python3 bench/fault-drill.py [--renewals 40] [--workers 8] [--settle-seconds 300]

Everything it writes goes to artifacts/drill/ (deleted at start).
"""
import argparse, concurrent.futures, datetime, http.client, http.cookiejar, http.server, json, os, random, re, shutil, signal, sqlite3, subprocess, sys, threading, time
import urllib.error, urllib.parse, urllib.request
from html import unescape as html_unescape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "artifacts", "drill")
CARRIER_KEY = "drill-carrier-key-0123456789"
SANDBOX_SECRET = "drill-sandbox-secret-0123456789"
PACKAGES = ["CM-1M", "CM-3M"]
DEMO_CARDS = 16  # DemoData's cards come first; bench card i is the i-th card in the table.


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


def drill_card_indexes(count):
    """Bench card i expires (i % 400) - 30 days from today: take only cards with a month or more left."""
    indexes, i = [], 200
    while len(indexes) < count:
        if i % 400 >= 61:
            indexes.append(i)
        i += 1
    return indexes


def months_between(a, b):
    return (b.year - a.year) * 12 + (b.month - a.month)


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
                   Portal__DemoMode="true", Serilog__MinimumLevel__Default="Warning")
        env.update(self.extra)
        logf = open(os.path.join(OUT, f"{self.name}.log"), "a")
        self.proc = subprocess.Popen(["dotnet", os.path.join(self.app, "PosRenewal.Web.dll")], env=env,
                                     stdout=logf, stderr=subprocess.STDOUT, cwd=self.app)
        for _ in range(240):
            if self.proc.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/healthz/ready", timeout=2).read()
                return
            except Exception:
                time.sleep(0.5)
        raise SystemExit(f"{self.name} did not start; see {OUT}/{self.name}.log")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Balancer:
    """The deployment's one address: each request goes to the next live portal (another one if the first refuses the connection)."""

    def __init__(self, port, portals):
        self.base, self.portals, self.turn = f"http://127.0.0.1:{port}", portals, 0
        balancer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                balancer.turn += 1
                order = balancer.portals[balancer.turn % 2:] + balancer.portals[:balancer.turn % 2]
                for portal in order:
                    if not portal.alive():
                        continue
                    connection = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=60)
                    try:
                        connection.request(self.command, self.path, body=body, headers={k: v for k, v in self.headers.items()})
                        answer = connection.getresponse()
                        payload = answer.read()
                    except ConnectionRefusedError:
                        continue
                    except Exception:
                        self.send_error(502)
                        return
                    finally:
                        connection.close()
                    self.send_response(answer.status)
                    for k, v in answer.getheaders():
                        if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_error(502)

            do_GET = do_POST = do_PUT = forward

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a merchant's connection closed mid-answer (a killed portal): the merchant sees the failure

        self.server = Server(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def alive(self):
        return True

    def stop(self):
        self.server.shutdown()


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


def form_fields(html, form_class):
    """The hidden fields of one form, as a browser would send them."""
    form = re.search(r'<form[^>]*class="[^"]*\b%s\b[^"]*"[^>]*>(.*?)</form>' % form_class, html, re.S)
    if not form:
        raise RuntimeError(f"no form.{form_class} on the page")
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form.group(1)):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = html_unescape(attrs.get("value", ""))
    return fields


def renew(portal, iccid, package, attempt):
    """Confirm on one portal, pay on the Sandbox page. Records the order number in attempt as soon as it is known."""
    b = Browser()
    url = f"{portal.base}/cards/{iccid}/renew/{package}"
    html = b.get(url)
    fields = {**form_fields(html, "confirm"), "Gateway": "Sandbox"}
    status, location = b.post(url, fields)
    if status != 302 or "/sandbox/pay" not in (location or ""):
        raise RuntimeError(f"confirmation answered {status} {location}")
    pay = urllib.parse.urljoin(portal.base, location)
    attempt["order"] = urllib.parse.parse_qs(urllib.parse.urlparse(pay).query)["trade_no"][0][:15]
    page = b.get(pay)
    status, _ = b.post(pay, {"__RequestVerificationToken": hidden(page, "__RequestVerificationToken"), "action": "Pay"})
    if status != 302:
        raise RuntimeError(f"sandbox pay answered {status}")


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
    ap.add_argument("--workers", type=int, default=8, help="merchants renewing at the same time")
    ap.add_argument("--settle-seconds", type=int, default=300)
    args = ap.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    app = os.path.join(OUT, "app")
    log("publishing the current checkout (Release)")
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src", "PosRenewal.Web"), "-c", "Release", "-o", app, "--nologo", "-v", "quiet"], check=True)
    db, carrier_db = os.path.join(OUT, "drill.db"), os.path.join(OUT, "carrier.db")

    indexes = drill_card_indexes(max(8, args.renewals * 2 // 3))
    iccids = [bench_iccid(i) for i in indexes]
    common = {
        "Carriers__Simulator__Enabled": "true", "Carriers__Simulator__ApiKey": CARRIER_KEY,
        "Carriers__Simulator__ClientTimeout": "00:00:02",
        "Outbox__PollInterval": "00:00:00.300", "Outbox__BaseDelay": "00:00:00.500", "Outbox__MaxDelay": "00:00:05", "Outbox__MaxAttempts": "40",
        "Outbox__Lease": "00:00:10",
        "Reconciliation__Interval": "00:00:02", "Reconciliation__PendingAfter": "00:00:05", "Reconciliation__CloseAfter": "00:00:20",
        # Every merchant here comes from 127.0.0.1: the per-address limits would count them as one.
        "RateLimits__Lookup__PermitLimit": "1000000", "RateLimits__Order__PermitLimit": "1000000",
    }
    carrier = Portal("carrier", 5301, app, carrier_db, common)
    processes.append(carrier)
    carrier.start()
    portal_env = {**common, "Carriers__Simulator__BaseUrl": carrier.base + "/", "Database__SeedDemoData": "true",
                  "Database__BenchCards": str(indexes[-1] + 1),
                  "Payments__Gateways__0": "Sandbox", "Payments__Sandbox__Secret": SANDBOX_SECRET,
                  "Payments__Sandbox__DuplicateRate": "0.3", "Payments__Sandbox__LossRate": "0.1",
                  "Payments__Sandbox__NotifierPollInterval": "00:00:00.300",
                  # Unpaid trades close when their link expires, as at a real gateway: keep that within the drill.
                  "Payments__Sandbox__LinkLifetime": "00:00:30"}
    a = Portal("portal-a", 5302, app, db, portal_env)
    b = Portal("portal-b", 5303, app, db, portal_env)
    balancer = Balancer(5300, [a, b])
    processes.append(balancer)
    # Gateways call back, and payers return, on the deployment's one address.
    portal_env["Portal__PublicBaseUrl"] = balancer.base
    for p in (a, b):
        processes.append(p)
        p.start()
    con = sqlite3.connect(db, timeout=60)
    start = {r[0]: datetime.date.fromisoformat(r[1]) for r in con.execute(
        f"select Iccid, ExpiryDate from Cards where Iccid in ({','.join('?' * len(iccids))})", iccids)}
    assert len(start) == len(iccids), "drill cards missing from the database"
    set_carrier_faults(carrier, {"FailureRate": 0.1})

    random.seed(7)
    renewals = [{"iccid": random.choice(iccids), "package": random.choice(PACKAGES), "attempts": []} for _ in range(args.renewals)]
    done = [0]
    lock = threading.Lock()
    card_locks = {iccid: threading.Lock() for iccid in iccids}
    local = threading.local()

    def wait_until_paid(order_no):
        """The merchant on the order page: it says paid once the notification (or a query) is in."""
        if not hasattr(local, "con"):
            local.con = sqlite3.connect(db, timeout=60)
        for _ in range(150):
            row = local.con.execute("select Status from Orders where OrderNo=?", (order_no,)).fetchone()
            if row and row[0] != "AwaitingPayment":
                return
            time.sleep(0.2)
        raise RuntimeError(f"order {order_no} still awaits payment after 30 s")

    def merchant(n):
        r = renewals[n]
        with card_locks[r["iccid"]]:
            for attempt_no in range(2):
                attempt = {"order": None, "error": None}
                r["attempts"].append(attempt)
                try:
                    renew(balancer, r["iccid"], r["package"], attempt)
                except Exception as e:
                    attempt["error"] = str(e)
                    log(f"renewal {n} failed: {e}" + ("; the merchant tries again" if attempt_no == 0 else ""))
                    continue
                try:
                    wait_until_paid(attempt["order"])
                except Exception as e:
                    # Paid at the gateway: the merchant does not pay again; the checks below find out what happened.
                    attempt["error"] = str(e)
                    log(f"renewal {n}: {e}")
                break
        with lock:
            done[0] += 1

    def wait_for(count):
        while done[0] < count:
            time.sleep(0.02)

    def chaos():
        wait_for(args.renewals // 5)
        log("carrier down for 8 s")
        set_carrier_faults(carrier, {"DownUntil": (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=8)).isoformat(), "FailureRate": 0.1})
        wait_for(args.renewals // 3)
        log("killing portal-a (SIGKILL) mid-run")
        a.kill()
        time.sleep(3)
        log("restarting portal-a")
        a.start()

    began = time.time()
    chaos_thread = threading.Thread(target=chaos, daemon=True)
    chaos_thread.start()
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        for f in [pool.submit(merchant, n) for n in range(args.renewals)]:
            f.result()
    driven = time.time() - began
    chaos_thread.join()
    kills = outages = 1
    log(f"{args.renewals} renewals driven in {driven:.1f} s; waiting for every order to settle")

    deadline = time.time() + args.settle_seconds
    while time.time() < deadline:
        open_orders = con.execute("select count(*) from Orders where Status in ('Paid','Activating')").fetchone()[0]
        pending = con.execute("select count(*) from Outbox where ProcessedAtUtc is null").fetchone()[0]
        attempts = con.execute("select count(*) from PaymentAttempts where Status='Pending'").fetchone()[0]
        if open_orders == 0 and pending == 0 and attempts == 0:
            break
        time.sleep(1)
    settled = time.time() - began

    problems = []
    orders = {r[0]: r[1:] for r in con.execute("select OrderNo, Status, Iccid, TermMonths, PreviousExpiry, NewExpiry from Orders")}
    money_in = {r[0] for r in con.execute("select distinct o.OrderNo from Orders o join PaymentAttempts a on a.OrderId = o.Id where a.Status='Succeeded'")}
    sims = sqlite3.connect(os.path.join(OUT, "drill.simulators.db"), timeout=60)
    gateway_paid = {r[0][:15] for r in sims.execute("select TradeNo from SandboxTrades where Status='PAID'")}

    paid = refused = 0
    for n, r in enumerate(renewals):
        numbers = sorted({t["order"] for t in r["attempts"] if t["order"]})
        with_money = [o for o in numbers if o in money_in]
        if with_money:
            paid += 1
            if len(with_money) > 1:
                problems.append(f"renewal {n} paid twice: {with_money}")
        elif any(o in gateway_paid for o in numbers):
            problems.append(f"renewal {n}: the gateway took money for {numbers} and we never saw it")
        else:
            refused += 1
    lost = sorted(gateway_paid - money_in)
    not_active = sorted(o for o in money_in if orders[o][0] != "Active")
    doubled = con.execute("select count(*) from (select OrderId from PaymentAttempts where Status='Succeeded' group by OrderId having count(*) > 1)").fetchone()[0]
    stuck_outbox = con.execute("select count(*) from Outbox where ProcessedAtUtc is null").fetchone()[0]
    stuck_attempts = con.execute("select count(*) from PaymentAttempts where Status='Pending'").fetchone()[0]
    stuck_orders = con.execute("select count(*) from Orders where Status in ('Paid','Activating')").fetchone()[0]
    carrier_sims = sqlite3.connect(os.path.join(OUT, "carrier.simulators.db"), timeout=60)
    carrier_expiry = {r[0]: r[1] for r in carrier_sims.execute("select Iccid, Expiry from CarrierCards")}

    wrong_expiry = 0
    for iccid in iccids:
        chain = sorted((orders[o] for o in money_in if orders[o][1] == iccid), key=lambda o: o[4])
        expected = start[iccid]
        fault = None
        for status, _, term, before, after in chain:
            before, after = datetime.date.fromisoformat(before), datetime.date.fromisoformat(after)
            if before != expected:
                fault = f"a renewal starts at {before}, the previous one ended at {expected}"
            elif months_between(before, after) != term:
                fault = f"a {term}-month renewal goes from {before} to {after}"
            expected = after
        ours = datetime.date.fromisoformat(con.execute("select ExpiryDate from Cards where Iccid=?", (iccid,)).fetchone()[0])
        theirs = carrier_expiry.get(iccid)
        if fault is None and ours != expected:
            fault = f"card expires {ours}, its renewals end {expected}"
        if fault is None and chain and theirs != ours.isoformat():
            fault = f"carrier says {theirs}, we say {ours}"
        if fault:
            wrong_expiry += 1
            problems.append(f"{iccid}: {fault}")

    ratio = paid / args.renewals
    if ratio < 0.95:
        problems.append(f"only {paid} of {args.renewals} renewals paid ({ratio:.1%}; at least 95% must be)")
    if not_active:
        problems.append(f"paid orders not Active: {not_active[:5]}")
    if lost:
        problems.append(f"paid at the gateway, unpaid here (lost): {lost[:5]}")
    if doubled:
        problems.append(f"orders with more than one successful payment: {doubled}")
    stuck = stuck_outbox + stuck_attempts + stuck_orders
    if stuck:
        problems.append(f"stuck: {stuck_orders} orders paid but not active, {stuck_outbox} outbox messages, {stuck_attempts} pending payment attempts")

    notifications = con.execute("select Outcome, count(*) from PaymentNotifications group by Outcome").fetchall()
    reconciled = con.execute("select count(*) from PaymentAttempts a where a.Status='Succeeded' and not exists "
                             "(select 1 from PaymentNotifications n where n.TradeNo = a.TradeNo and n.Outcome='Applied')").fetchone()[0]
    retried = sum(1 for r in renewals if len(r["attempts"]) > 1)
    activation_retries = con.execute("select coalesce(sum(Attempts),0) from Outbox").fetchone()[0]
    print()
    print(f"renewals driven: {args.renewals} by {args.workers} merchants at once; paid: {paid} ({ratio:.1%}); "
          f"refused before any money moved: {refused}; merchants who had to try twice: {retried}")
    print(f"portal kills: {kills}; carrier outages: {outages}; activation retries: {activation_retries}")
    print(f"notifications: {dict(notifications)}; payments found by reconciliation (notification lost): {reconciled}")
    print(f"lost: {len(lost)}; doubled: {doubled}; wrong expiries: {wrong_expiry}; stuck: {stuck}")
    print(f"time: {driven:.1f} s to drive ({args.renewals / driven:.1f} renewals/s), {settled:.1f} s until settled "
          f"({paid / settled:.1f} paid renewals/s end to end)")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems[:30]))
        return 1
    print("OK: at least 95% paid, the rest refused before money moved; nothing lost, doubled, stuck; every expiry chains, ours and the carrier's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
