package analyzer

import "strings"

// Context names a place in the config where directives stand. The names
// follow nginx's (and the directive table's): main, events, http, server,
// location, upstream, if_in_server, if_in_location, limit_except, stream,
// stream_server, stream_upstream, mail, mail_server, rtmp (and its server,
// application, recorder), otel_exporter, oidc_provider, acme_issuer, mgmt.
// Bodies that hold data
// rather than directives (map, geo, types, split_clients, …) have their own
// names, and Lua bodies are "lua".
type Context string

// Contexts.
const (
	CtxMain         Context = "main"
	CtxEvents       Context = "events"
	CtxHTTP         Context = "http"
	CtxServer       Context = "server"
	CtxLocation     Context = "location"
	CtxUpstream     Context = "upstream"
	CtxIfInServer   Context = "if_in_server"
	CtxIfInLocation Context = "if_in_location"
	CtxLimitExcept  Context = "limit_except"
	CtxStream       Context = "stream"
	CtxStreamServer Context = "stream_server"
	CtxStreamUpstrm Context = "stream_upstream"
	CtxMail         Context = "mail"
	CtxMailServer   Context = "mail_server"
	CtxMap          Context = "map"
	CtxGeo          Context = "geo"
	CtxTypes        Context = "types"
	CtxSplitClients Context = "split_clients"
	CtxMatch        Context = "match"
	CtxStreamMatch  Context = "stream_match"
	CtxCharsetMap   Context = "charset_map"
	CtxGeoIP2       Context = "geoip2"
	CtxRTMP         Context = "rtmp"
	CtxRTMPServer   Context = "rtmp_server"
	CtxRTMPApp      Context = "rtmp_application"
	CtxRTMPRecorder Context = "rtmp_recorder"
	CtxOtelExporter Context = "otel_exporter"
	CtxOIDCProvider Context = "oidc_provider"
	CtxACMEIssuer   Context = "acme_issuer"
	CtxMgmt         Context = "mgmt"
	CtxLua          Context = "lua"
	CtxUnknown      Context = "unknown"
)

// IsData reports whether the context's entries are data, not directives.
func (c Context) IsData() bool {
	switch c {
	case CtxMap, CtxGeo, CtxTypes, CtxSplitClients, CtxCharsetMap, CtxGeoIP2, CtxLua:
		return true
	}
	return false
}

// IsHTTP reports whether the context is inside http{}.
func (c Context) IsHTTP() bool {
	switch c {
	case CtxHTTP, CtxServer, CtxLocation, CtxUpstream, CtxIfInServer, CtxIfInLocation, CtxLimitExcept:
		return true
	}
	return false
}

// IsStream reports whether the context is inside stream{}.
func (c Context) IsStream() bool {
	return c == CtxStream || c == CtxStreamServer || c == CtxStreamUpstrm
}

// ChildContext is the context of the body of block directive name standing in
// context parent.
func ChildContext(parent Context, name string) Context {
	if IsLuaBlock(name) {
		return CtxLua
	}
	switch parent {
	case CtxMain:
		switch name {
		case "events":
			return CtxEvents
		case "http":
			return CtxHTTP
		case "stream":
			return CtxStream
		case "mail":
			return CtxMail
		case "rtmp":
			return CtxRTMP
		case "mgmt":
			return CtxMgmt
		}
	case CtxHTTP:
		switch name {
		case "server":
			return CtxServer
		case "upstream":
			return CtxUpstream
		case "map":
			return CtxMap
		case "geo":
			return CtxGeo
		case "types":
			return CtxTypes
		case "split_clients":
			return CtxSplitClients
		case "match":
			return CtxMatch
		case "charset_map":
			return CtxCharsetMap
		case "num_map":
			return CtxMap
		case "geoip2":
			return CtxGeoIP2
		case "otel_exporter":
			return CtxOtelExporter
		case "oidc_provider":
			return CtxOIDCProvider
		case "acme_issuer":
			return CtxACMEIssuer
		}
	case CtxServer, CtxLocation:
		switch name {
		case "location":
			return CtxLocation
		case "if":
			if parent == CtxServer {
				return CtxIfInServer
			}
			return CtxIfInLocation
		case "limit_except":
			if parent == CtxLocation {
				return CtxLimitExcept
			}
		case "types":
			return CtxTypes
		}
	case CtxStream:
		switch name {
		case "server":
			return CtxStreamServer
		case "upstream":
			return CtxStreamUpstrm
		case "map":
			return CtxMap
		case "geo":
			return CtxGeo
		case "split_clients":
			return CtxSplitClients
		case "match":
			return CtxStreamMatch
		case "num_map":
			return CtxMap
		case "geoip2":
			return CtxGeoIP2
		}
	case CtxMail:
		if name == "server" {
			return CtxMailServer
		}
	case CtxRTMP:
		if name == "server" {
			return CtxRTMPServer
		}
	case CtxRTMPServer:
		if name == "application" {
			return CtxRTMPApp
		}
	case CtxRTMPApp:
		if name == "recorder" {
			return CtxRTMPRecorder
		}
	}
	if parent.IsData() {
		return parent
	}
	return CtxUnknown
}

// IsLuaBlock reports whether a block directive's body is Lua code.
func IsLuaBlock(name string) bool {
	return strings.HasSuffix(name, "_by_lua_block")
}
