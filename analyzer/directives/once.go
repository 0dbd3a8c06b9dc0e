package directives

// Which directives nginx stores once per block ("is duplicate" on a second
// one) and which it collects. Measured by e2e's differential test: the
// same line twice in one block, against nginx 1.22.1 with Debian's module
// packages. Directives that collect values but refuse a second "off"
// (mirror, proxy_redirect, proxy_cookie_*) count as repeatable; directives
// the measurement did not reach fall back to their argument flags.

// measuredOnce are refused when repeated in one block.
var measuredOnce = map[string]bool{
	"absolute_redirect": true, "accept_mutex": true, "accept_mutex_delay": true,
	"access_by_lua_no_postpone": true, "aio": true, "aio_write": true, "alias": true,
	"auth_basic": true, "auth_delay": true, "auth_http_pass_client_cert": true,
	"auth_http_timeout": true, "auth_pam_set_pam_env": true, "auth_request": true, "autoindex": true,
	"autoindex_exact_size": true, "autoindex_format": true, "autoindex_localtime": true,
	"charset": true, "chunked_transfer_encoding": true, "client_body_buffer_size": true,
	"client_body_in_file_only": true, "client_body_in_single_buffer": true,
	"client_body_temp_path": true, "client_body_timeout": true, "client_header_buffer_size": true,
	"client_header_timeout": true, "client_max_body_size": true, "connection_pool_size": true,
	"create_full_put_path": true, "daemon": true, "dav_access": true, "default_type": true,
	"directio": true, "directio_alignment": true, "disable_symlinks": true, "echo_status": true,
	"etag": true, "expires": true, "fancyindex": true, "fancyindex_css_href": true,
	"fancyindex_default_sort": true, "fancyindex_directories_first": true,
	"fancyindex_exact_size": true, "fancyindex_footer": true, "fancyindex_header": true,
	"fancyindex_hide_parent_dir": true, "fancyindex_hide_symlinks": true,
	"fancyindex_localtime": true, "fancyindex_show_dotfiles": true, "fancyindex_show_path": true,
	"fastcgi_buffering": true, "fastcgi_cache": true, "fastcgi_cache_background_update": true,
	"fastcgi_cache_lock": true, "fastcgi_cache_lock_age": true, "fastcgi_cache_lock_timeout": true,
	"fastcgi_cache_min_uses": true, "fastcgi_cache_revalidate": true, "fastcgi_connect_timeout": true,
	"fastcgi_force_ranges": true, "fastcgi_ignore_client_abort": true,
	"fastcgi_intercept_errors": true, "fastcgi_keep_conn": true, "fastcgi_limit_rate": true,
	"fastcgi_max_temp_file_size": true, "fastcgi_next_upstream_timeout": true,
	"fastcgi_next_upstream_tries": true, "fastcgi_pass_request_body": true,
	"fastcgi_pass_request_headers": true, "fastcgi_read_timeout": true,
	"fastcgi_request_buffering": true, "fastcgi_send_lowat": true, "fastcgi_send_timeout": true,
	"fastcgi_socket_keepalive": true, "fastcgi_store": true, "fastcgi_store_access": true,
	"fastcgi_temp_path": true, "geoip2_proxy_recursive": true, "geoip_proxy_recursive": true,
	"grpc_connect_timeout": true, "grpc_intercept_errors": true, "grpc_next_upstream_timeout": true,
	"grpc_next_upstream_tries": true, "grpc_read_timeout": true, "grpc_send_timeout": true,
	"grpc_socket_keepalive": true, "grpc_ssl_ciphers": true, "grpc_ssl_server_name": true,
	"grpc_ssl_session_reuse": true, "grpc_ssl_verify": true, "grpc_ssl_verify_depth": true,
	"gunzip": true, "gzip": true, "gzip_comp_level": true, "gzip_http_version": true,
	"gzip_min_length": true, "gzip_no_buffer": true, "gzip_static": true, "gzip_vary": true,
	"http2_body_preread_size": true, "http2_chunk_size": true, "http2_max_concurrent_pushes": true,
	"http2_max_concurrent_streams": true, "http2_push_preload": true, "http2_recv_buffer_size": true,
	"if_modified_since": true, "ignore_invalid_headers": true, "image_filter_buffer": true,
	"image_filter_interlace": true, "image_filter_transparency": true, "internal": true,
	"keepalive_requests": true, "keepalive_time": true, "keepalive_timeout": true,
	"large_client_header_buffers": true, "limit_conn_dry_run": true, "limit_conn_log_level": true,
	"limit_conn_status": true, "limit_rate": true, "limit_rate_after": true,
	"limit_req_dry_run": true, "limit_req_log_level": true, "limit_req_status": true,
	"lingering_close": true, "lingering_time": true, "lingering_timeout": true, "lock_file": true,
	"log_not_found": true, "log_subrequest": true, "lua_check_client_abort": true,
	"lua_code_cache": true, "lua_http10_buffering": true, "lua_max_pending_timers": true,
	"lua_max_running_timers": true, "lua_need_request_body": true,
	"lua_regex_cache_max_entries": true, "lua_regex_match_limit": true, "lua_sa_restart": true,
	"lua_socket_buffer_size": true, "lua_socket_connect_timeout": true,
	"lua_socket_keepalive_timeout": true, "lua_socket_log_errors": true, "lua_socket_pool_size": true,
	"lua_socket_read_timeout": true, "lua_socket_send_lowat": true, "lua_socket_send_timeout": true,
	"lua_ssl_ciphers": true, "lua_ssl_verify_depth": true, "lua_thread_cache_max_entries": true,
	"lua_transform_underscores_in_response_headers": true, "lua_use_default_type": true,
	"lua_worker_thread_vm_pool_size": true, "map_hash_max_size": true, "master_process": true,
	"max_errors": true, "max_ranges": true, "memcached_connect_timeout": true,
	"memcached_next_upstream_timeout": true, "memcached_next_upstream_tries": true,
	"memcached_read_timeout": true, "memcached_send_timeout": true,
	"memcached_socket_keepalive": true, "merge_slashes": true, "min_delete_depth": true,
	"mirror_request_body": true, "mp4_buffer_size": true, "mp4_max_buffer_size": true,
	"mp4_start_key_frame": true, "msie_padding": true, "msie_refresh": true, "multi_accept": true,
	"open_file_cache": true, "open_file_cache_errors": true, "open_file_cache_events": true,
	"open_file_cache_min_uses": true, "open_file_cache_valid": true, "open_log_file_cache": true,
	"output_buffers": true, "override_charset": true, "pcre_jit": true, "pid": true,
	"port_in_redirect": true, "post_action": true, "postpone_output": true,
	"preread_buffer_size": true, "preread_timeout": true, "proxy": true, "proxy_buffer_size": true,
	"proxy_buffering": true, "proxy_cache": true, "proxy_cache_background_update": true,
	"proxy_cache_convert_head": true, "proxy_cache_key": true, "proxy_cache_lock": true,
	"proxy_cache_lock_age": true, "proxy_cache_lock_timeout": true, "proxy_cache_min_uses": true,
	"proxy_cache_revalidate": true, "proxy_connect_timeout": true, "proxy_download_rate": true,
	"proxy_force_ranges": true, "proxy_half_close": true, "proxy_headers_hash_bucket_size": true,
	"proxy_headers_hash_max_size": true, "proxy_http_version": true,
	"proxy_ignore_client_abort": true, "proxy_intercept_errors": true, "proxy_limit_rate": true,
	"proxy_max_temp_file_size": true, "proxy_next_upstream_timeout": true,
	"proxy_next_upstream_tries": true, "proxy_pass": true, "proxy_pass_error_message": true,
	"proxy_pass_request_body": true, "proxy_pass_request_headers": true, "proxy_protocol": true,
	"proxy_protocol_timeout": true, "proxy_read_timeout": true, "proxy_request_buffering": true,
	"proxy_requests": true, "proxy_send_lowat": true, "proxy_send_timeout": true,
	"proxy_smtp_auth": true, "proxy_socket_keepalive": true, "proxy_ssl": true,
	"proxy_ssl_ciphers": true, "proxy_ssl_name": true, "proxy_ssl_server_name": true,
	"proxy_ssl_session_reuse": true, "proxy_ssl_verify": true, "proxy_ssl_verify_depth": true,
	"proxy_store": true, "proxy_store_access": true, "proxy_temp_path": true, "proxy_timeout": true,
	"proxy_upload_rate": true, "random_index": true, "read_ahead": true, "real_ip_header": true,
	"real_ip_recursive": true, "recursive_error_pages": true, "referer_hash_bucket_size": true,
	"referer_hash_max_size": true, "request_pool_size": true, "reset_timedout_connection": true,
	"resolver": true, "resolver_timeout": true, "rewrite_by_lua_no_postpone": true,
	"rewrite_log": true, "root": true, "satisfy": true, "scgi_buffering": true, "scgi_cache": true,
	"scgi_cache_background_update": true, "scgi_cache_lock": true, "scgi_cache_lock_age": true,
	"scgi_cache_lock_timeout": true, "scgi_cache_min_uses": true, "scgi_cache_revalidate": true,
	"scgi_connect_timeout": true, "scgi_force_ranges": true, "scgi_ignore_client_abort": true,
	"scgi_intercept_errors": true, "scgi_limit_rate": true, "scgi_max_temp_file_size": true,
	"scgi_next_upstream_timeout": true, "scgi_next_upstream_tries": true,
	"scgi_pass_request_body": true, "scgi_pass_request_headers": true, "scgi_read_timeout": true,
	"scgi_request_buffering": true, "scgi_send_timeout": true, "scgi_socket_keepalive": true,
	"scgi_store": true, "scgi_store_access": true, "scgi_temp_path": true, "send_lowat": true,
	"send_timeout": true, "sendfile": true, "sendfile_max_chunk": true,
	"server_name_in_redirect": true, "server_names_hash_bucket_size": true,
	"server_names_hash_max_size": true, "server_tokens": true, "slice": true,
	"smtp_greeting_delay": true, "ssi": true, "ssi_ignore_recycled_buffers": true,
	"ssi_last_modified": true, "ssi_min_file_chunk": true, "ssi_silent_errors": true,
	"ssi_value_length": true, "ssl": true, "ssl_buffer_size": true, "ssl_ciphers": true,
	"ssl_early_data": true, "ssl_ecdh_curve": true, "ssl_handshake_timeout": true, "ssl_ocsp": true,
	"ssl_ocsp_cache": true, "ssl_prefer_server_ciphers": true, "ssl_preread": true,
	"ssl_reject_handshake": true, "ssl_session_tickets": true, "ssl_session_timeout": true,
	"ssl_stapling": true, "ssl_stapling_verify": true, "ssl_verify_client": true,
	"ssl_verify_depth": true, "starttls": true, "sub_filter_last_modified": true,
	"sub_filter_once": true, "subrequest_output_buffer_size": true, "tcp_nodelay": true,
	"tcp_nopush": true, "timeout": true, "try_files": true, "types_hash_bucket_size": true,
	"types_hash_max_size": true, "underscores_in_headers": true, "uninitialized_variable_warn": true,
	"user": true, "userid": true, "userid_domain": true, "userid_expires": true, "userid_mark": true,
	"userid_name": true, "userid_p3p": true, "userid_path": true, "uwsgi_buffering": true,
	"uwsgi_cache": true, "uwsgi_cache_background_update": true, "uwsgi_cache_lock": true,
	"uwsgi_cache_lock_age": true, "uwsgi_cache_lock_timeout": true, "uwsgi_cache_min_uses": true,
	"uwsgi_cache_revalidate": true, "uwsgi_connect_timeout": true, "uwsgi_force_ranges": true,
	"uwsgi_ignore_client_abort": true, "uwsgi_intercept_errors": true, "uwsgi_limit_rate": true,
	"uwsgi_max_temp_file_size": true, "uwsgi_modifier1": true, "uwsgi_modifier2": true,
	"uwsgi_next_upstream_timeout": true, "uwsgi_next_upstream_tries": true,
	"uwsgi_pass_request_body": true, "uwsgi_pass_request_headers": true, "uwsgi_read_timeout": true,
	"uwsgi_request_buffering": true, "uwsgi_send_timeout": true, "uwsgi_socket_keepalive": true,
	"uwsgi_ssl_ciphers": true, "uwsgi_ssl_server_name": true, "uwsgi_ssl_session_reuse": true,
	"uwsgi_ssl_verify": true, "uwsgi_ssl_verify_depth": true, "uwsgi_store": true,
	"uwsgi_store_access": true, "uwsgi_temp_path": true, "variables_hash_bucket_size": true,
	"variables_hash_max_size": true, "worker_aio_requests": true, "worker_connections": true,
	"worker_processes": true, "xclient": true, "xslt_last_modified": true,
}

// repeatable may appear several times in one block.
var repeatable = map[string]bool{
	"access_log": true, "add_header": true, "add_trailer": true, "addition_types": true,
	"allow": true, "ancient_browser_value": true, "break": true, "charset_types": true,
	"dav_methods": true, "deny": true, "echo": true, "echo_abort_parent": true,
	"echo_after_body": true, "echo_before_body": true, "echo_end": true, "echo_flush": true,
	"echo_read_request_body": true, "echo_request_body": true, "echo_reset_timer": true,
	"empty_gif": true, "env": true, "error_log": true, "error_page": true, "fair": true,
	"fancyindex_ignore": true, "fastcgi_cache_methods": true, "fastcgi_cache_use_stale": true,
	"fastcgi_cookie_domain": true, "fastcgi_next_upstream": true, "fastcgi_param": true, "flv": true,
	"grpc_next_upstream": true, "grpc_set_header": true, "grpc_ssl_protocols": true,
	"gzip_disable": true, "gzip_proxied": true, "gzip_types": true, "http2_idle_timeout": true,
	"http2_max_field_size": true, "http2_max_header_size": true, "http2_max_requests": true,
	"http2_push": true, "http2_recv_timeout": true, "image_filter": true,
	"image_filter_jpeg_quality": true, "image_filter_sharpen": true,
	"image_filter_webp_quality": true, "imap_auth": true, "imap_capabilities": true, "include": true,
	"index": true, "ip_hash": true, "keepalive_disable": true, "least_conn": true, "listen": true,
	"load_module": true, "location": true, "lua_load_resty_core": true, "lua_malloc_trim": true,
	"lua_ssl_protocols": true, "map_hash_bucket_size": true, "memcached_next_upstream": true,
	"mirror": true, "modern_browser_value": true, "mp4": true, "nchan_benchmark": true,
	"nchan_group_location": true, "nchan_publisher": true, "nchan_publisher_location": true,
	"nchan_pubsub": true, "nchan_pubsub_location": true, "nchan_stub_status": true,
	"nchan_subscriber": true, "nchan_subscriber_info": true, "nchan_subscriber_location": true,
	"pop3_auth": true, "pop3_capabilities": true, "proxy_cache_methods": true,
	"proxy_cache_use_stale": true, "proxy_cookie_domain": true, "proxy_cookie_flags": true,
	"proxy_cookie_path": true, "proxy_hide_header": true, "proxy_next_upstream": true,
	"proxy_pass_header": true, "proxy_redirect": true, "proxy_set_header": true,
	"proxy_ssl_protocols": true, "push_publisher": true, "push_subscriber": true, "random": true,
	"return": true, "rewrite": true, "scgi_cache_methods": true, "scgi_cache_use_stale": true,
	"scgi_next_upstream": true, "scgi_param": true, "server": true, "server_name": true, "set": true,
	"smtp_auth": true, "ssi_types": true, "ssl_certificate": true, "ssl_certificate_key": true,
	"ssl_protocols": true, "ssl_session_cache": true, "stub_status": true, "sub_filter": true,
	"sub_filter_types": true, "upload_progress_java_output": true,
	"upload_progress_json_output": true, "upload_progress_jsonp_output": true, "userid_flags": true,
	"uwsgi_cache_methods": true, "uwsgi_cache_use_stale": true, "uwsgi_next_upstream": true,
	"uwsgi_param": true, "uwsgi_ssl_protocols": true, "worker_priority": true, "xslt_types": true,
}

// Once reports whether nginx refuses a second occurrence of the directive
// (row s) in one block: measured, or for rows the measurement did not
// reach, on/off flags and size/time/number values of open-source modules.
func Once(s *Spec) bool {
	if measuredOnce[s.Name] {
		return true
	}
	if repeatable[s.Name] || s.Family != "" {
		return false
	}
	if s.Args&Flag != 0 {
		return true
	}
	// Single values and number+size pairs (proxy_buffers 8 16k) are
	// stored by nginx's slot handlers, which refuse a second one.
	k := ArgKinds(s)
	if len(k) == 0 || len(k) > 2 {
		return false
	}
	for _, x := range k {
		if x == KAny {
			return false
		}
	}
	return true
}
