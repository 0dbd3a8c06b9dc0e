module github.com/nginx-lint/nginx-lint

go 1.26.8

require github.com/tufanbarisyildirim/gonginx v0.0.0-20260220081509-8e17ce617db3
