# MarketSim in a container: built with the official Swift image, run as a non-root user on its slim image.
#
#   docker build -t marketsim .
#   docker run -p 8080:8080 -v marketsim-data:/data marketsim
#
# SQLite lives in the /data volume; set DATABASE_URL for PostgreSQL (docker-compose.yml does).

# ---- build: a release build of the executable -------------------------------------------------------
FROM swift:6.3 AS build
WORKDIR /build
# Dependencies first, so that a change to the sources reuses the resolved and fetched packages.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
RUN swift build -c release --product marketsim \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/marketsim" /staging/

# ---- run: the Swift runtime libraries, the executable, its migrations, dashboard and tournaments -------
FROM swift:6.3-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --home-dir /app --shell /usr/sbin/nologin marketsim \
    && mkdir -p /data \
    && chown marketsim:marketsim /data
WORKDIR /app
COPY --from=build /staging/marketsim /app/marketsim
COPY Migrations /app/Migrations
COPY Public /app/Public
COPY tournaments /app/tournaments
ENV HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    MIGRATIONS_DIR=/app/Migrations \
    PUBLIC_DIR=/app/Public \
    TOURNAMENTS_DIR=/app/tournaments \
    LOG_FORMAT=json
USER marketsim:marketsim
VOLUME ["/data"]
EXPOSE 8080
# Alive: /api/health. (Orchestrators that route traffic should probe /api/ready as well.)
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/api/health" || exit 1
# SIGTERM drains the server: requests in flight are answered, WebSockets closed, the journal flushed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/marketsim"]
CMD ["serve"]
