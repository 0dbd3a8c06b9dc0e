package directives

import "strings"

// The variables nginx's own modules define, read from the ngx_http_*_vars[]
// and ngx_stream_*_vars[] arrays of nginx's source (1.0 to the newest
// release, so a variable any version knows is known) and from the modules
// that add one variable by name (gzip_ratio, uid_*, slice_range,
// invalid_referer, secure_link*). A name nginx does not find among these,
// the prefix variables and those the configuration defines is refused at
// start-up: unknown "name" variable.

// VarNamespace is the set of variables a name is looked up in: http and
// stream keep separate tables.
type VarNamespace int

// Variable namespaces.
const (
	HTTPVars VarNamespace = iota
	StreamVars
)

var httpVars = words(`
ancient_browser args binary_remote_addr body_bytes_sent bytes_sent connection
connection_requests connection_time connections_active connections_reading
connections_waiting connections_writing content_length content_type date_gmt
date_local document_root document_uri fastcgi_path_info fastcgi_script_name
geoip_area_code geoip_city geoip_city_continent_code geoip_city_country_code
geoip_city_country_code3 geoip_city_country_name geoip_country_code
geoip_country_code3 geoip_country_name geoip_dma_code geoip_latitude
geoip_longitude geoip_org geoip_postal_code geoip_region geoip_region_name
grpc_internal_trailers gzip_ratio host hostname http2 http3 https
invalid_referer is_args is_request_port limit_conn_status limit_rate
limit_req_status modern_browser msec msie nginx_version pid pipe proxy_add_via
proxy_add_x_forwarded_for proxy_host proxy_internal_body_length
proxy_internal_chunked proxy_port proxy_protocol_addr proxy_protocol_port
proxy_protocol_server_addr proxy_protocol_server_port query_string
realip_remote_addr realip_remote_port realpath_root remote_addr remote_port
remote_user request request_body request_body_file request_completion
request_filename request_id request_length request_method request_port
request_time request_uri scheme secure_link secure_link_expires server_addr
server_name server_port server_protocol slice_range ssl_alpn_protocol
ssl_cipher ssl_ciphers ssl_client_cert ssl_client_escaped_cert
ssl_client_fingerprint ssl_client_i_dn ssl_client_i_dn_legacy
ssl_client_raw_cert ssl_client_s_dn ssl_client_s_dn_legacy ssl_client_serial
ssl_client_sigalg ssl_client_v_end ssl_client_v_remain ssl_client_v_start
ssl_client_verify ssl_curve ssl_curves ssl_early_data
ssl_ech_outer_server_name ssl_ech_status ssl_protocol ssl_server_name
ssl_session_id ssl_session_reused ssl_sigalg ssl_sigalgs status
tcpinfo_rcv_space tcpinfo_rtt tcpinfo_rttvar tcpinfo_snd_cwnd time_iso8601
time_local uid_got uid_reset uid_set upstream_addr upstream_bytes_received
upstream_bytes_sent upstream_cache_etag upstream_cache_last_modified
upstream_cache_status upstream_connect_time upstream_header_time
upstream_response_length upstream_response_time upstream_status uri`)

var streamVars = words(`
binary_remote_addr bytes_received bytes_sent connection geoip_area_code
geoip_city geoip_city_continent_code geoip_city_country_code
geoip_city_country_code3 geoip_city_country_name geoip_country_code
geoip_country_code3 geoip_country_name geoip_dma_code geoip_latitude
geoip_longitude geoip_org geoip_postal_code geoip_region geoip_region_name
hostname limit_conn_status msec nginx_version pid protocol
proxy_protocol_addr proxy_protocol_port proxy_protocol_server_addr
proxy_protocol_server_port realip_remote_addr realip_remote_port remote_addr
remote_port server_addr server_name server_port session_time
ssl_alpn_protocol ssl_cipher ssl_ciphers ssl_client_cert
ssl_client_escaped_cert ssl_client_fingerprint ssl_client_i_dn
ssl_client_raw_cert ssl_client_s_dn ssl_client_serial ssl_client_sigalg
ssl_client_v_end ssl_client_v_remain ssl_client_v_start ssl_client_verify
ssl_curve ssl_curves ssl_ech_outer_server_name ssl_ech_status
ssl_preread_alpn_protocols ssl_preread_protocol ssl_preread_server_name
ssl_protocol ssl_server_name ssl_session_id ssl_session_reused ssl_sigalg
ssl_sigalgs status time_iso8601 time_local upstream_addr
upstream_bytes_received upstream_bytes_sent upstream_connect_time
upstream_first_byte_time upstream_session_time`)

// Prefix variables: any name that starts with one of these is known
// ($http_x_request_id, $arg_page, $cookie_session …).
var (
	httpVarPrefixes = []string{"http_", "sent_http_", "sent_trailer_", "cookie_", "arg_",
		"upstream_http_", "upstream_trailer_", "upstream_cookie_", "proxy_protocol_tlv_"}
	streamVarPrefixes = []string{"proxy_protocol_tlv_"}
)

// fixedHTTPVars are the variables of nginx's core (ngx_http_variables.c,
// in every build since 1.22) that a set, map, geo, split_clients or named
// capture may not define again: nginx refuses with `the duplicate "uri"
// variable`. $args and $limit_rate are changeable; module variables are
// left out, since a build may lack the module.
var fixedHTTPVars = words(`http_host http_user_agent http_referer http_via http_x_forwarded_for
http_cookie content_length content_type host binary_remote_addr remote_addr remote_port
proxy_protocol_addr proxy_protocol_port proxy_protocol_server_addr proxy_protocol_server_port
server_addr server_port server_protocol scheme https request_uri uri document_uri request
document_root realpath_root query_string is_args request_filename server_name request_method
remote_user bytes_sent body_bytes_sent pipe request_completion request_body request_body_file
request_length request_time request_id status sent_http_content_type sent_http_content_length
sent_http_location sent_http_last_modified sent_http_connection sent_http_keep_alive
sent_http_transfer_encoding sent_http_cache_control sent_http_link connection
connection_requests connection_time nginx_version hostname pid msec time_iso8601 time_local
tcpinfo_rtt tcpinfo_rttvar tcpinfo_snd_cwnd tcpinfo_rcv_space`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// BuiltinVar reports whether nginx's own modules define the variable name
// (lower case, without '$') in namespace ns, by name or by prefix.
func BuiltinVar(ns VarNamespace, name string) bool {
	vars, prefixes := httpVars, httpVarPrefixes
	if ns == StreamVars {
		vars, prefixes = streamVars, streamVarPrefixes
	}
	if vars[name] {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// BuiltinVarNames lists the variables of ns defined by name (not prefix).
func BuiltinVarNames(ns VarNamespace) []string {
	vars := httpVars
	if ns == StreamVars {
		vars = streamVars
	}
	out := make([]string, 0, len(vars))
	for v := range vars {
		out = append(out, v)
	}
	return out
}

// FixedVar reports whether name is a built-in http variable nginx does not
// let a configuration define again (set, map, geo, split_clients, named
// captures): nginx refuses with `the duplicate "name" variable`.
func FixedVar(ns VarNamespace, name string) bool {
	return ns == HTTPVars && fixedHTTPVars[name]
}
