# syntax=docker/dockerfile:1
# nginx-lint in a small static image: the binary on distroless/static, run as
# a non-root user, checking the files mounted at /work.
#
#   docker build -t nginx-lint .
#   docker run --rm -v "$PWD:/work" nginx-lint check nginx.conf
#
# The release workflow builds it for linux/amd64 and linux/arm64 and passes
# VERSION, COMMIT and DATE, which `nginx-lint version` prints.

# The build stage runs on the builder's platform and cross-compiles.
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
ARG TARGETOS=linux
ARG TARGETARCH=amd64
ARG VERSION=""
ARG COMMIT=""
ARG DATE=""
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS="$TARGETOS" GOARCH="$TARGETARCH" \
    go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" \
      -o /out/nginx-lint ./cmd/nginx-lint

# distroless/static: CA certificates, /etc/passwd with nonroot (65532), no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/nginx-lint /usr/local/bin/nginx-lint
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/nginx-lint"]
CMD ["check", "."]
