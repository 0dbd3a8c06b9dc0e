package directives

import "testing"

// TestModuleFamilies maps the .so names load_module uses (Debian's
// /usr/share/nginx/modules among them) to the families of the table.
func TestModuleFamilies(t *testing.T) {
	for so, want := range map[string]string{
		"ngx_http_echo_module.so":                "echo",
		"ngx_http_js_module.so":                  "njs",
		"ngx_stream_js_module":                   "njs",
		"ngx_http_headers_more_filter_module.so": "headers-more",
		"ngx_http_lua_module.so":                 "lua",
		"ndk_http_module.so":                     "ndk",
		"ngx_http_geoip2_module.so":              "geoip2",
		"ngx_stream_geoip2_module.so":            "geoip2",
		"ngx_http_brotli_filter_module.so":       "brotli",
		"ngx_http_brotli_static_module.so":       "brotli",
		"ngx_http_subs_filter_module.so":         "subs-filter",
		"ngx_http_fancyindex_module.so":          "fancyindex",
		"ngx_http_cache_purge_module.so":         "cache-purge",
		"ngx_http_dav_ext_module.so":             "dav-ext",
		"ngx_http_uploadprogress_module.so":      "upload-progress",
		"ngx_http_upstream_fair_module.so":       "upstream-fair",
		"ngx_http_auth_pam_module.so":            "auth-pam",
		"ngx_nchan_module.so":                    "nchan",
		"ngx_rtmp_module.so":                     "rtmp",
		"ngx_otel_module.so":                     "otel",
		"ngx_stream_module.so":                   "",
		"ngx_http_image_filter_module.so":        "image-filter",
		"ngx_http_xslt_filter_module.so":         "xslt",
		"ngx_stream_geoip_module.so":             "geoip",
		"libnginx-mod-http-perl":                 "perl",
	} {
		if got := CanonicalFamily(so); got != want {
			t.Errorf("CanonicalFamily(%q) = %q, want %q", so, got, want)
		}
	}
	for _, m := range []string{"ngx_stream_module", "ngx_mail_module", "ngx_http_perl_module", "ngx_http_echo_module"} {
		if !KnownModule(m) {
			t.Errorf("KnownModule(%q) = false", m)
		}
	}
	if KnownModule("ngx_http_vhost_traffic_status_module") {
		t.Error("KnownModule(ngx_http_vhost_traffic_status_module) = true, a module outside the table")
	}
	// Every family of the table is reachable from a module name.
	seen := map[string]bool{}
	for _, f := range moduleFamily() {
		seen[f] = true
	}
	for _, f := range Families() {
		if !seen[f] {
			t.Errorf("family %q has no module in the table", f)
		}
	}
}

// TestNumbersFit: nginx refuses numbers and sizes past its 64-bit
// integers ("invalid number", "invalid value").
func TestNumbersFit(t *testing.T) {
	for v, want := range map[string]bool{
		"1024": true, "9223372036854775807": true, "9223372036854775808": false,
		"99999999999999999999": false, "-1": false, "": false, "1x": false,
	} {
		if got := ValidNumber(v); got != want {
			t.Errorf("ValidNumber(%q) = %v, want %v", v, got, want)
		}
	}
	for v, want := range map[string]bool{
		"10m": true, "9007199254740991k": true, "9007199254740992k": false, "8589934591g": true, "8589934592g": false, "1q": false,
	} {
		if got := ValidSize(v); got != want {
			t.Errorf("ValidSize(%q) = %v, want %v", v, got, want)
		}
	}
}
