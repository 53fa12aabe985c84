vcl 4.1;
#
# Lokadaya behind Varnish 7.1 (Debian bookworm's `varnish` package). Read docs/deployment.md first.
#
#   varnishd -F -n /var/lib/varnish/lokadaya -a 127.0.0.1:6081 -f /etc/varnish/lokadaya.vcl -s malloc,512m
#
# Invariants this file keeps (tests/test_proxy_varnish.py runs it in front of the site):
# - Only a response that says it may be shared is stored: Cache-Control with s-maxage, or public
#   with max-age, and neither private, no-cache nor no-store, and no Set-Cookie. Varnish's default
#   TTL never applies: a page without Cache-Control is never stored.
# - A request carrying the session cookie or the flash-messages cookie, any method but GET/HEAD,
#   and the admin, payment and document URLs never reach the cache, and go to the site unchanged.
# - Other cookies (csrftoken, analytics) are left out of the lookup, so public pages stay cached
#   for visitors who carry them.
# - PURGE is accepted only from the `purge` ACL, and never when it came through another proxy.
#   A PURGE of a path drops every cached variant of that path: each query string, both schemes,
#   gzipped or not, on that host; with `X-Purge-Everything: 1`, everything cached for that host.
#
# What the site sends (pagecache/middleware.py): public pages for anonymous visitors
# `Cache-Control: public, max-age=60, s-maxage=<LOKADAYA_PAGE_CACHE_SECONDS>`; campaign pages
# `public, max-age=0, s-maxage=<LOKADAYA_PAGE_CACHE_FIGURES_SECONDS>, stale-while-revalidate=...`;
# everything personal or with a form `private`. Static files: whitenoise's public max-age.

import std;

# The site: gunicorn. One backend here; with several app servers use a vmod_directors
# round_robin director (Debian ships it with varnish).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# Who may PURGE: the app servers and the task worker, which send Wagtail's purges
# (WAGTAILFRONTENDCACHE). Add their addresses here. Exact addresses, not 127.0.0.0/8: loopback
# is not the place to widen trust.
acl purge {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    call vcl_req_host;
    # Ours alone (see below): never from a client.
    unset req.http.x-lokadaya-cookie;

    if (req.method == "PURGE") {
        # A TLS terminator on this machine connects from loopback too: what it forwards carries
        # the client in X-Forwarded-For, to which Varnish has appended that connection's address.
        if (client.ip !~ purge || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        # `ban` rather than `purge`, so that both schemes and every Vary variant go at once; only
        # obj.* fields, so the ban lurker clears memory in the background.
        if (req.http.X-Purge-Everything) {
            # pagecache.proxy.PurgeBackend.purge_everything: a change shown on every page.
            set req.http.x-lokadaya-ban = "obj.http.x-lokadaya-host == " + req.http.host;
        } else {
            # The path without its query string, compared as a string: no regex to escape, and
            # every query variant (?page=2, filters) goes with its path.
            set req.http.x-lokadaya-ban = "obj.http.x-lokadaya-host == " + req.http.host +
                " && obj.http.x-lokadaya-path == " + regsub(req.url, "\?.*$", "");
        }
        if (std.ban(req.http.x-lokadaya-ban)) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        if (req.method ~ "^(POST|PUT|PATCH|DELETE|OPTIONS)$") {
            return (pass);
        }
        return (synth(405, "Method Not Allowed"));
    }

    # Static files (whitenoise: hashed names, a year's max-age) are the same for everyone.
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
        return (hash);
    }

    # The admin, the Django admin, gateway webhooks and payment pages, and documents (the site
    # checks who may download each one) are never cached.
    if (req.url ~ "^/(admin|django-admin|payments|documents)(/|$)") {
        return (pass);
    }
    # Pledge forms, bank transfers, registration and reports: forms with a CSRF token, receipts.
    # The site marks them private too; passing them here keeps the visitor's CSRF cookie intact.
    if (req.url ~ "^/[a-z]{2}/((.*/)?dukung|transfer|daftar-mitra|laporkan)/") {
        return (pass);
    }

    if (req.http.Authorization) {
        return (pass);
    }
    # Signed in (settings.SESSION_COOKIE_NAME), or a flash message waiting to be shown.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|messages)=") {
        return (pass);
    }

    # Share links carry tracking parameters the site never reads: one cached copy for all of them
    # (the same list as pagecache.policy.TRACKING_PARAMETER).
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|dclid|msclkid|igshid|mc_cid|mc_eid|_ga|ref_src)=") {
        set req.url = regsuball(req.url,
            "(?<=[?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|igshid|mc_cid|mc_eid|_ga|ref_src)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    set req.url = std.querysort(req.url);

    # Left out of the lookup, kept aside: a fetch that cannot be shared gets them back
    # (vcl_backend_fetch), so a form's CSRF token still matches the visitor's cookie.
    if (req.http.Cookie) {
        set req.http.x-lokadaya-cookie = req.http.Cookie;
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # An http:// request must not be answered with a page rendered for https:// (absolute links).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    # A miss is fetched without the visitor's cookies (its answer may be shared); a fetch after a
    # hit-for-miss or a pass cannot be shared, so it goes with them.
    if (bereq.http.x-lokadaya-cookie) {
        if (bereq.is_hitmiss || bereq.is_hitpass || bereq.uncacheable) {
            set bereq.http.Cookie = bereq.http.x-lokadaya-cookie;
        }
        unset bereq.http.x-lokadaya-cookie;
    }
    if (bereq.method == "GET") {
        unset bereq.body;
    }
    return (fetch);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }

    # What a PURGE bans on (lurker-friendly: only obj.* fields); removed again in vcl_deliver.
    set beresp.http.x-lokadaya-host = bereq.http.host;
    set beresp.http.x-lokadaya-path = regsub(bereq.url, "\?.*$", "");

    if (beresp.ttl <= 0s ||
        beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-cache|no-store)" ||
        beresp.http.Cache-Control !~ "(?i)(s-maxage=[1-9]|public.*max-age=[1-9]|max-age=[1-9].*public)" ||
        beresp.http.Vary == "*") {
        # Hit-for-miss: the next requests for this URL go straight to the site, uncoalesced, and
        # a later shareable answer is still stored.
        set beresp.ttl = 300s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # beresp.ttl comes from s-maxage (else max-age) and beresp.grace from stale-while-revalidate
    # (else the default_grace parameter, 10 s): within the grace a stale copy is delivered at
    # once while one background fetch refreshes it. Campaign figures are therefore at most
    # s-maxage + stale-while-revalidate old, unless a purge came first.
    # Keep expired copies an hour longer, for conditional refreshes (ETag / Last-Modified: 304).
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-lokadaya-host;
    unset resp.http.x-lokadaya-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    return (deliver);
}
