vcl 4.1;

# Broadsheet behind Varnish, standing in for a CDN. Read deploy/README.md first.
#
# - Pages are cached for as long as the origin's Cache-Control s-maxage says; a change to content is made
#   visible at once by the origin's purges (PURGE with a Surrogate-Key header, accepted from localhost only).
# - Responses marked private or no-store, and every method but GET and HEAD, go straight to the origin.
# - Readers' cookies never reach the origin on GET and HEAD, and a cacheable page never carries Set-Cookie.
# - The origin's stale-if-error becomes grace: while the origin is down, cached pages are still served.
# - Pages the origin marks with Surrogate-Control: content="ESI/1.0" are assembled here from fragments.
# - Nothing a client chose is stored with a page: the request id is Varnish's own, per response.
# - Two app processes on this host (same SQLite file) take turns through a round-robin director; each is
#   probed and left out while it is unhealthy. Add a backend block and an add_backend line per process.

import std;
import directors;

# /healthz answers 503 when the database is unreachable or degraded, so a broken process is left out.
probe origin_health {
  .url = "/healthz";
  .interval = 2s;
  .timeout = 2s;
  .window = 5;
  .threshold = 3;
  .initial = 3;
}

backend app1 {
  .host = "127.0.0.1";
  .port = "3000";
  .probe = origin_health;
  .connect_timeout = 1s;
  .first_byte_timeout = 15s;
  .between_bytes_timeout = 5s;
}

backend app2 {
  .host = "127.0.0.1";
  .port = "3001";
  .probe = origin_health;
  .connect_timeout = 1s;
  .first_byte_timeout = 15s;
  .between_bytes_timeout = 5s;
}

# Who may purge: the app processes and editors' command line on this host.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_init {
  new origin = directors.round_robin();
  origin.add_backend(app1);
  origin.add_backend(app2);
}

sub vcl_recv {
  set req.backend_hint = origin.backend();
  # Set only by this VCL, never by a client.
  unset req.http.X-Cache-State;
  # The id the origin logs and echoes is ours, one per request: the origin believes an id from loopback, and
  # a client's would be stored with the page and shown to every reader (or forged into the origin's log).
  set req.http.X-Request-Id = "varnish-" + req.xid;

  if (req.method == "PURGE" || req.method == "BAN") {
    call broadsheet_purge;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  if (req.http.Authorization) {
    return (pass);
  }

  # Every page is the same for every reader, so a cookie could only split the cache or identify a reader.
  # A future GET route that reads a cookie must be passed above this line.
  unset req.http.Cookie;

  # Share-link tracking parameters change nothing on the page; dropping them keeps one copy per page.
  if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|msclkid)=") {
    set req.url = regsuball(req.url, "([?&])(utm_[a-z_]+|fbclid|gclid|msclkid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "([?&])&+", "\1");
    set req.url = regsub(req.url, "[?&]+$", "");
  }

  # While the origin is healthy, serve a copy at most a minute past its TTL (the origin's
  # stale-while-revalidate) and refresh it in the background. While it is down, the object's whole grace,
  # the origin's stale-if-error, applies.
  if (std.healthy(req.backend_hint)) {
    set req.grace = 60s;
    # An article and its counter include show a visit count: counted from this cache's log, the origin
    # keeps them 30 s (Cache-Control s-maxage=30), and 30 s of grace keeps the count at most a minute old.
    if (req.url ~ "^/(opinion|_edge/visits)/[^/?]+$") {
      set req.grace = 30s;
    }
  }
  return (hash);
}

# PURGE (or BAN) with "Surrogate-Key: k1 k2" bans every object tagged with any of the keys; without the
# header it purges the one URL. Keys are checked so no one can smuggle a regular expression into a ban.
sub broadsheet_purge {
  if (client.ip !~ purgers) {
    return (synth(403, "Purging is allowed from localhost only"));
  }
  if (!req.http.Surrogate-Key) {
    return (purge);
  }
  if (req.http.Surrogate-Key !~ "^[a-z0-9_-]+( [a-z0-9_-]+)*$") {
    return (synth(400, "Surrogate-Key must be space-separated keys of a-z, 0-9, _ and -"));
  }
  # Only obj.* in the expression, so the ban lurker can clear matching objects in the background.
  if (std.ban("obj.http.Surrogate-Key ~ (^|\s)(" + regsuball(req.http.Surrogate-Key, " ", "|") + ")(\s|$)")) {
    return (synth(200, "Banned"));
  }
  return (synth(400, std.ban_error()));
}

sub vcl_hit {
  if (obj.ttl <= 0s) {
    set req.http.X-Cache-State = "HIT-STALE";
  }
}

sub vcl_miss {
  # Varnish fetches a GET for a lookup that missed, and the origin would count that GET as a reader's view.
  # A HEAD that finds nothing goes to the origin as a HEAD instead, and its empty answer is not stored.
  if (req.method == "HEAD") {
    return (pass);
  }
}

sub vcl_pass {
  set req.http.X-Cache-State = "PASS";
}

sub vcl_backend_fetch {
  # Tells the origin it may answer with ESI includes (W3C Edge Architecture 1.0), and that a shared cache
  # stands between it and readers. Always set here, never passed on from a client.
  set bereq.http.Surrogate-Capability = "broadsheet=ESI/1.0";
}

sub vcl_backend_response {
  # The origin's echo of this fetch's id must not be stored with the object; vcl_deliver adds each
  # response's own.
  unset beresp.http.X-Request-Id;
  if (beresp.http.Surrogate-Control ~ "ESI/1\.0") {
    set beresp.do_esi = true;
  }
  unset beresp.http.Surrogate-Control;
  if (bereq.uncacheable) {
    return (deliver);
  }
  if (beresp.status >= 500) {
    # A failed refresh keeps the stale copy; a failed first fetch is not remembered.
    if (bereq.is_bgfetch) {
      return (abandon);
    }
    set beresp.ttl = 1s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  if (beresp.ttl <= 0s || beresp.http.Cache-Control ~ "(?i)private|no-store|no-cache" || beresp.http.Vary == "*") {
    # Remember for two minutes not to wait on other readers' fetches of this URL (hit-for-miss).
    set beresp.ttl = 120s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  if (beresp.http.Set-Cookie) {
    # A shared copy must never hand one reader's cookie to the next; the origin should not have sent it.
    std.log("Broadsheet: dropped Set-Cookie from cacheable " + bereq.url);
    unset beresp.http.Set-Cookie;
  }
  if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
    set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1") + "s", beresp.grace);
  }
  if (beresp.http.Content-Type ~ "^(text/|application/(xml|rss\+xml|atom\+xml|feed\+json|json))") {
    set beresp.do_gzip = true;
  }
  return (deliver);
}

sub vcl_backend_error {
  # A stale copy beats an error page; and a fragment that cannot be fetched leaves a gap, not an error page
  # in the middle of an article.
  if (bereq.is_bgfetch) {
    return (abandon);
  }
  set beresp.http.Content-Type = "text/html; charset=utf-8";
  set beresp.http.Cache-Control = "private, no-store";
  call broadsheet_security_beresp;
  if (bereq.url ~ "^/_edge/") {
    set beresp.body = "";
    return (deliver);
  }
  set beresp.http.Retry-After = "10";
  set beresp.body = {"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Broadsheet is briefly unavailable</title></head>
<body><main><h1>Broadsheet is briefly unavailable</h1><p>Please try again in a moment.</p></main></body>
</html>
"};
  return (deliver);
}

# Varnish's own answers (purges, refusals) in plain text, with the site's security headers, instead of the
# built-in page.
sub vcl_synth {
  set resp.http.Content-Type = "text/plain; charset=utf-8";
  set resp.http.Cache-Control = "private, no-store";
  set resp.http.X-Request-Id = req.http.X-Request-Id;
  call broadsheet_security_resp;
  set resp.body = "" + resp.status + " " + resp.reason + {"
"};
  return (deliver);
}

# The security headers the origin sends on every response (src/http/security-headers.ts), for answers the
# origin never sees. The two subroutines are the same list, for the client side and the backend side;
# test/edge-cache/varnish.test.ts checks both against the origin's policy.
sub broadsheet_security_resp {
  set resp.http.Content-Security-Policy = "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self';object-src 'none';script-src 'self';style-src 'self'";
  set resp.http.Cross-Origin-Opener-Policy = "same-origin";
  set resp.http.Referrer-Policy = "strict-origin-when-cross-origin";
  set resp.http.X-Content-Type-Options = "nosniff";
  set resp.http.X-Frame-Options = "DENY";
  set resp.http.Permissions-Policy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";
}

sub broadsheet_security_beresp {
  set beresp.http.Content-Security-Policy = "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self';object-src 'none';script-src 'self';style-src 'self'";
  set beresp.http.Cross-Origin-Opener-Policy = "same-origin";
  set beresp.http.Referrer-Policy = "strict-origin-when-cross-origin";
  set beresp.http.X-Content-Type-Options = "nosniff";
  set beresp.http.X-Frame-Options = "DENY";
  set beresp.http.Permissions-Policy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";
}

sub vcl_deliver {
  set resp.http.X-Request-Id = req.http.X-Request-Id;
  if (req.http.X-Cache-State) {
    set resp.http.X-Cache = req.http.X-Cache-State;
  } elsif (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
  # Cache-internal headers stay in the cache.
  unset resp.http.Surrogate-Key;
  unset resp.http.Surrogate-Control;
}
