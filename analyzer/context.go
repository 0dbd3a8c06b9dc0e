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
//
// A context is a byte (every directive carries one); String gives its
// name. The zero Context is none at all.
type Context uint8

// Contexts.
const (
	CtxMain Context = iota + 1
	CtxEvents
	CtxHTTP
	CtxServer
	CtxLocation
	CtxUpstream
	CtxIfInServer
	CtxIfInLocation
	CtxLimitExcept
	CtxStream
	CtxStreamServer
	CtxStreamUpstrm
	CtxMail
	CtxMailServer
	CtxMap
	CtxGeo
	CtxTypes
	CtxSplitClients
	CtxMatch
	CtxStreamMatch
	CtxCharsetMap
	CtxGeoIP2
	CtxRTMP
	CtxRTMPServer
	CtxRTMPApp
	CtxRTMPRecorder
	CtxOtelExporter
	CtxOIDCProvider
	CtxACMEIssuer
	CtxMgmt
	CtxLua
	CtxUnknown
	nContexts
)

var contextNames = [nContexts]string{
	CtxMain:         "main",
	CtxEvents:       "events",
	CtxHTTP:         "http",
	CtxServer:       "server",
	CtxLocation:     "location",
	CtxUpstream:     "upstream",
	CtxIfInServer:   "if_in_server",
	CtxIfInLocation: "if_in_location",
	CtxLimitExcept:  "limit_except",
	CtxStream:       "stream",
	CtxStreamServer: "stream_server",
	CtxStreamUpstrm: "stream_upstream",
	CtxMail:         "mail",
	CtxMailServer:   "mail_server",
	CtxMap:          "map",
	CtxGeo:          "geo",
	CtxTypes:        "types",
	CtxSplitClients: "split_clients",
	CtxMatch:        "match",
	CtxStreamMatch:  "stream_match",
	CtxCharsetMap:   "charset_map",
	CtxGeoIP2:       "geoip2",
	CtxRTMP:         "rtmp",
	CtxRTMPServer:   "rtmp_server",
	CtxRTMPApp:      "rtmp_application",
	CtxRTMPRecorder: "rtmp_recorder",
	CtxOtelExporter: "otel_exporter",
	CtxOIDCProvider: "oidc_provider",
	CtxACMEIssuer:   "acme_issuer",
	CtxMgmt:         "mgmt",
	CtxLua:          "lua",
	CtxUnknown:      "unknown",
}

// String is the context's name as nginx and the directive table spell it
// ("" for the zero Context).
func (c Context) String() string {
	if c < nContexts {
		return contextNames[c]
	}
	return ""
}

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
