package rules

// advisory is one security advisory nginx published
// (https://nginx.org/en/security_advisories.html), with the part of the
// configuration that exposes a server to it. Vulnerable and Fixed are
// written as on that page: ranges "A-B" or single versions, comma-separated;
// "X+" fixed versions, the first for the newest branch and every later
// release, the others for their own stable branch.
type advisory struct {
	CVE        string
	Title      string // nginx's name for it
	Vulnerable string
	Fixed      string
	Module     string
	Trigger    string // key of cveTriggers: what in the configuration exposes it
	Mitigation string // what helps before an upgrade, "" when only upgrading does
}

// advisories lists nginx's advisories for nginx (not nginx/Windows-only
// ones, and not CVE-2009-4487, which affects every version and names no
// fix), newest first. Facts come from nginx.org's advisory list and the
// "Security" entries of nginx's change log.
var advisories = []advisory{
	{"CVE-2026-42533", "Buffer overflow when using map and regex", "0.9.6-1.31.2", "1.31.3+, 1.30.4+", "ngx_http_map_module", "map-capture",
		"use a capture of a map's regex only in a string that does not also name that map's variable after it"},
	{"CVE-2026-60005", "Memory disclosure when using ngx_http_slice_module", "1.15.8-1.31.2", "1.31.3+, 1.30.4+", "ngx_http_slice_module", "slice-unnamed-capture",
		"use named captures instead of $1…$9 where slice or a background cache update runs"},
	{"CVE-2026-56434", "Use-after-free when using ngx_http_ssi_module", "0.8.11-1.31.2", "1.31.3+, 1.30.4+", "ngx_http_ssi_module", "ssi",
		"turn ssi off for responses of backends you do not fully trust"},
	{"CVE-2026-42530", "Use-after-free in HTTP/3", "1.31.0-1.31.1", "1.31.2+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded"},
	{"CVE-2026-42055", "Buffer overflow in the ngx_http_proxy_v2_module and ngx_http_grpc_module", "1.13.10-1.31.1", "1.31.2+, 1.30.3+", "ngx_http_grpc_module", "h2-upstream-invalid-headers",
		"remove \"ignore_invalid_headers off\" where requests go to gRPC or HTTP/2 backends"},
	{"CVE-2026-48142", "Buffer overread in the ngx_http_charset_module", "0.3.50-1.31.1", "1.31.2+, 1.30.3+", "ngx_http_charset_module", "charset-utf8",
		"avoid recoding responses from UTF-8 with charset_map"},
	{"CVE-2026-9256", "Buffer overflow in the ngx_http_rewrite_module", "0.1.17-1.31.0", "1.31.1+, 1.30.2+", "ngx_http_rewrite_module", "rewrite-overlapping-captures",
		"do not use both a group and a group nested in it in the replacement; use named captures"},
	{"CVE-2026-42926", "HTTP/2 request injection in the ngx_http_proxy_module", "1.29.4-1.30.0", "1.31.0+, 1.30.1+", "ngx_http_proxy_module", "proxy-set-body-h2",
		"do not combine proxy_set_body with proxy_http_version 2"},
	{"CVE-2026-42945", "Buffer overflow in the ngx_http_rewrite_module", "0.6.27-1.30.0", "1.31.0+, 1.30.1+", "ngx_http_rewrite_module", "rewrite-args-capture",
		"use named captures ((?<name>…) and $name) in the set, if or rewrite after a rewrite whose replacement has '?'"},
	{"CVE-2026-42946", "Buffer overread in the ngx_http_scgi_module and ngx_http_uwsgi_module", "0.8.42-1.30.0", "1.31.0+, 1.30.1+", "ngx_http_scgi_module, ngx_http_uwsgi_module", "scgi-uwsgi", ""},
	{"CVE-2026-42934", "Buffer overread in the ngx_http_charset_module", "0.3.50-1.30.0", "1.31.0+, 1.30.1+", "ngx_http_charset_module", "charset-utf8",
		"avoid recoding responses from UTF-8 with charset_map"},
	{"CVE-2026-40460", "HTTP/3 address spoofing", "1.25.0-1.30.0", "1.31.0+, 1.30.1+", "ngx_http_v3_module", "quic",
		"do not base access decisions on the client address of HTTP/3 requests, or remove quic from listen"},
	{"CVE-2026-40701", "resolver use-after-free in OCSP", "1.19.0-1.30.0", "1.31.0+, 1.30.1+", "ngx_http_ssl_module", "ssl-ocsp", ""},
	{"CVE-2026-27654", "Buffer overflow in ngx_http_dav_module", "0.5.13-1.29.6", "1.29.7+, 1.28.3+", "ngx_http_dav_module", "dav-copy-move-alias",
		"use root instead of alias in locations that allow COPY or MOVE"},
	{"CVE-2026-27784", "Buffer overflow in the ngx_http_mp4_module", "1.1.19-1.29.6", "1.29.7+, 1.28.3+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive (the crash needs a 32-bit platform)"},
	{"CVE-2026-32647", "Buffer overflow in the ngx_http_mp4_module", "1.1.19-1.29.6", "1.29.7+, 1.28.3+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive"},
	{"CVE-2026-27651", "NULL pointer dereference while using CRAM-MD5 or APOP", "0.5.15-1.29.6", "1.29.7+, 1.28.3+", "ngx_mail_module", "mail-cram-apop",
		"offer plain or login authentication instead of cram-md5 and apop"},
	{"CVE-2026-28753", "Injection in auth_http and XCLIENT", "0.6.27-1.29.6", "1.29.7+, 1.28.3+", "ngx_mail_module", "mail-resolver",
		"turn the mail resolver off so client host names are not looked up"},
	{"CVE-2026-28755", "OCSP result bypass in stream", "1.27.2-1.29.6", "1.29.7+, 1.28.3+", "ngx_stream_ssl_module", "stream-ssl-ocsp", ""},
	{"CVE-2026-1642", "SSL upstream injection", "1.3.0-1.29.4", "1.29.5+, 1.28.2+", "ngx_http_upstream_module", "ssl-upstream", ""},
	{"CVE-2025-53859", "Buffer overread in the ngx_mail_smtp_module", "0.7.22-1.29.0", "1.29.1+", "ngx_mail_smtp_module", "smtp-auth-none",
		"do not use smtp_auth none"},
	{"CVE-2025-23419", "SSL session reuse vulnerability", "1.11.4-1.27.3", "1.27.4+, 1.26.3+", "ngx_http_ssl_module", "ssl-verify-client",
		"give servers that verify client certificates their own listen address, or turn off session tickets and the shared session cache"},
	{"CVE-2024-7347", "Buffer overread in the ngx_http_mp4_module", "1.5.13-1.27.0", "1.27.1+, 1.26.2+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive"},
	{"CVE-2024-32760", "Buffer overwrite in HTTP/3", "1.25.0-1.25.5, 1.26.0", "1.27.0+, 1.26.1+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded"},
	{"CVE-2024-31079", "Stack overflow and use-after-free in HTTP/3", "1.25.0-1.25.5, 1.26.0", "1.27.0+, 1.26.1+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded"},
	{"CVE-2024-35200", "NULL pointer dereference in HTTP/3", "1.25.0-1.25.5, 1.26.0", "1.27.0+, 1.26.1+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded"},
	{"CVE-2024-34161", "Memory disclosure in HTTP/3", "1.25.0-1.25.5, 1.26.0", "1.27.0+, 1.26.1+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded (the disclosure needs an MTU above 4096 bytes)"},
	{"CVE-2024-24989", "NULL pointer dereference in HTTP/3", "1.25.3", "1.25.4+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded"},
	{"CVE-2024-24990", "Use-after-free in HTTP/3", "1.25.0-1.25.3", "1.25.4+", "ngx_http_v3_module", "quic",
		"remove quic from the listen directives until upgraded"},
	{"CVE-2022-41741", "Memory corruption in the ngx_http_mp4_module", "1.1.3-1.23.1, 1.0.7-1.0.15", "1.23.2+, 1.22.1+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive"},
	{"CVE-2022-41742", "Memory disclosure in the ngx_http_mp4_module", "1.1.3-1.23.1, 1.0.7-1.0.15", "1.23.2+, 1.22.1+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive"},
	{"CVE-2021-23017", "1-byte memory overwrite in resolver", "0.6.18-1.20.0", "1.21.0+, 1.20.1+", "ngx_core_module", "resolver",
		"only a resolver whose UDP replies cannot be forged (e.g. on localhost) narrows the exposure"},
	{"CVE-2019-9511", "Excessive CPU usage in HTTP/2 with small window updates", "1.9.5-1.17.2", "1.17.3+, 1.16.1+", "ngx_http_v2_module", "http2", ""},
	{"CVE-2019-9513", "Excessive CPU usage in HTTP/2 with priority changes", "1.9.5-1.17.2", "1.17.3+, 1.16.1+", "ngx_http_v2_module", "http2", ""},
	{"CVE-2019-9516", "Excessive memory usage in HTTP/2 with zero length headers", "1.9.5-1.17.2", "1.17.3+, 1.16.1+", "ngx_http_v2_module", "http2", ""},
	{"CVE-2018-16843", "Excessive memory usage in HTTP/2", "1.9.5-1.15.5", "1.15.6+, 1.14.1+", "ngx_http_v2_module", "http2", ""},
	{"CVE-2018-16844", "Excessive CPU usage in HTTP/2", "1.9.5-1.15.5", "1.15.6+, 1.14.1+", "ngx_http_v2_module", "http2", ""},
	{"CVE-2018-16845", "Memory disclosure in the ngx_http_mp4_module", "1.1.3-1.15.5, 1.0.7-1.0.15", "1.15.6+, 1.14.1+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive"},
	{"CVE-2017-7529", "Integer overflow in the range filter", "0.5.6-1.13.2", "1.13.3+, 1.12.1+", "ngx_http_range_filter_module", "http-server",
		"max_ranges 0 turns byte-range processing off"},
	{"CVE-2016-4450", "NULL pointer dereference while writing client request body", "1.3.9-1.11.0", "1.11.1+, 1.10.1+", "ngx_http_core_module", "http-server", ""},
	{"CVE-2016-0742", "Invalid pointer dereference in resolver", "0.6.18-1.9.9", "1.9.10+, 1.8.1+", "ngx_core_module", "resolver", ""},
	{"CVE-2016-0746", "Use-after-free during CNAME response processing in resolver", "0.6.18-1.9.9", "1.9.10+, 1.8.1+", "ngx_core_module", "resolver", ""},
	{"CVE-2016-0747", "Insufficient limits of CNAME resolution in resolver", "0.6.18-1.9.9", "1.9.10+, 1.8.1+", "ngx_core_module", "resolver", ""},
	{"CVE-2014-3616", "SSL session reuse vulnerability", "0.5.6-1.7.4", "1.7.5+, 1.6.2+", "ngx_http_ssl_module", "ssl-session-shared",
		"give each server its own ssl_session_cache and ssl_session_ticket_key"},
	{"CVE-2014-3556", "STARTTLS command injection", "1.5.6-1.7.3", "1.7.4+, 1.6.1+", "ngx_mail_smtp_module", "mail-starttls", ""},
	{"CVE-2014-0133", "SPDY heap buffer overflow", "1.3.15-1.5.11", "1.5.12+, 1.4.7+", "ngx_http_spdy_module", "spdy",
		"remove spdy from the listen directives"},
	{"CVE-2014-0088", "SPDY memory corruption", "1.5.10", "1.5.11+", "ngx_http_spdy_module", "spdy",
		"remove spdy from the listen directives (the bug needs a 32-bit platform)"},
	{"CVE-2013-4547", "Request line parsing vulnerability", "0.8.41-1.5.6", "1.5.7+, 1.4.4+", "ngx_http_core_module", "http-server", ""},
	{"CVE-2013-2070", "Memory disclosure with specially crafted HTTP backend responses", "1.1.4-1.2.8, 1.3.9-1.4.0", "1.5.0+, 1.4.1+, 1.2.9+", "ngx_http_proxy_module", "proxy-pass",
		"proxy only to backends you trust"},
	{"CVE-2013-2028", "Stack-based buffer overflow with specially crafted request", "1.3.9-1.4.0", "1.5.0+, 1.4.1+", "ngx_http_core_module", "http-server", ""},
	{"CVE-2012-2089", "Buffer overflow in the ngx_http_mp4_module", "1.1.3-1.1.18, 1.0.7-1.0.14", "1.1.19+, 1.0.15+", "ngx_http_mp4_module", "mp4",
		"serve only trusted mp4 files with the mp4 directive"},
	{"CVE-2012-1180", "Memory disclosure with specially crafted backend responses", "0.1.0-1.1.16", "1.1.17+, 1.0.14+", "ngx_http_upstream_module", "upstream-pass",
		"pass requests only to backends you trust"},
	{"CVE-2011-4315", "Buffer overflow in resolver", "0.6.18-1.1.7", "1.1.8+, 1.0.10+", "ngx_core_module", "resolver", ""},
	{"CVE-2009-3555", "The renegotiation vulnerability in SSL protocol", "0.1.0-0.8.22", "0.8.23+, 0.7.64+", "ngx_http_ssl_module", "ssl", ""},
	{"CVE-2009-3898", "Directory traversal vulnerability", "0.1.0-0.8.16", "0.8.17+, 0.7.63+", "ngx_http_dav_module", "dav-copy-move", ""},
	{"CVE-2009-2629", "Buffer underflow vulnerability", "0.1.0-0.8.14", "0.8.15+, 0.7.62+, 0.6.39+, 0.5.38+", "ngx_http_core_module", "http-server", ""},
	{"CVE-2009-3896", "Null pointer dereference vulnerability", "0.1.0-0.8.13", "0.8.14+, 0.7.62+, 0.6.39+, 0.5.38+", "ngx_http_core_module", "http-server", ""},
}
