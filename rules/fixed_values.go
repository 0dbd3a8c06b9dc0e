package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// fixedValues are the directives whose arguments nginx reads from a fixed
// list (ngx_conf_set_enum_slot: one of them; ngx_conf_set_bitmask_slot:
// any of them), with the lists of nginx's source, all versions together
// (so a value only a newer nginx knows is not reported). nginx compares
// them without regard to case and refuses any other word with
// `invalid value "word"`.
var fixedValues = map[string]struct {
	many bool // a bitmask: several values
	list string
}{
	"autoindex_format":         {false, "html json jsonp xml"},
	"client_body_in_file_only": {false, "clean off on"},
	"dav_methods":              {true, "off put delete mkcol copy move"},
	"fastcgi_cache_use_stale":  {true, "error http_403 http_404 http_429 http_500 http_503 invalid_header non_idempotent off timeout updating"},
	"fastcgi_next_upstream":    {true, "error http_403 http_404 http_429 http_500 http_503 invalid_header non_idempotent off timeout updating"},
	"grpc_next_upstream":       {true, "error http_403 http_404 http_429 http_500 http_502 http_503 http_504 invalid_header non_idempotent off timeout"},
	"grpc_ssl_protocols":       {true, "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"},
	"gzip_http_version":        {false, "1.0 1.1"},
	"gzip_proxied":             {true, "any auth expired no-cache no-store no_etag no_last_modified off private"},
	"if_modified_since":        {false, "before exact off"},
	"imap_auth":                {true, "cram-md5 external login plain"},
	"keepalive_disable":        {true, "msie6 none safari"},
	"limit_conn_log_level":     {false, "error info notice warn"},
	"limit_req_log_level":      {false, "error info notice warn"},
	"lingering_close":          {false, "always off on"},
	"memcached_next_upstream":  {true, "error invalid_response not_found off timeout"},
	"pop3_auth":                {true, "apop cram-md5 external plain"},
	"proxy_cache_use_stale":    {true, "error http_403 http_404 http_429 http_500 http_502 http_503 http_504 invalid_header non_idempotent off timeout updating"},
	"proxy_http_version":       {false, "1.0 1.1 2"},
	"proxy_next_upstream":      {true, "error http_403 http_404 http_429 http_500 http_502 http_503 http_504 invalid_header non_idempotent off timeout updating"},
	"proxy_ssl_protocols":      {true, "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"},
	"satisfy":                  {false, "all any"},
	"scgi_cache_use_stale":     {true, "error http_403 http_404 http_429 http_500 http_503 invalid_header non_idempotent off timeout updating"},
	"scgi_next_upstream":       {true, "error http_403 http_404 http_429 http_500 http_503 invalid_header non_idempotent off timeout updating"},
	"server_tokens":            {false, "build off on"},
	"smtp_auth":                {true, "cram-md5 external login none plain"},
	"ssl_ocsp":                 {false, "leaf off on"},
	"ssl_protocols":            {true, "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"},
	"ssl_verify_client":        {false, "off on optional optional_no_ca"},
	"tunnel_next_upstream":     {true, "error off timeout"},
	"userid_flags":             {true, "httponly off samesite=lax samesite=none samesite=strict secure"},
	"uwsgi_cache_use_stale":    {true, "error http_403 http_404 http_429 http_500 http_503 invalid_header non_idempotent off timeout updating"},
	"uwsgi_next_upstream":      {true, "error http_403 http_404 http_429 http_500 http_503 invalid_header non_idempotent off timeout updating"},
	"uwsgi_ssl_protocols":      {true, "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"},
}

// checkFixedValues reports an argument outside a directive's fixed list.
func checkFixedValues(p *analyzer.Pass, d *analyzer.Directive) {
	fv, ok := fixedValues[d.Name()]
	if !ok || d.Name() == "proxy_next_upstream" && d.Ctx.IsStream() {
		return
	}
	for _, a := range d.Args() {
		v := a.Value()
		if templatedValue(v) || a.HasVar() {
			return
		}
		known := false
		for _, w := range strings.Fields(fv.list) {
			if strings.EqualFold(v, w) {
				known = true
				break
			}
		}
		if !known {
			how := "one of"
			if fv.many {
				how = "any of"
			}
			p.Reportf(d, a.Range(), "invalid value %q", analyzer.Snippet(v)).
				Note("nginx refuses to start: %q takes %s: %s", d.Name(), how, strings.ReplaceAll(fv.list, " ", ", "))
			return
		}
	}
}
