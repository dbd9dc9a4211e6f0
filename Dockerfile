# yitu serve in a container: the render API and the preview page, confined to /srv/specs.
#
#   docker build -t yitu .
#   docker run --rm -p 8080:8080 -v "$PWD/config:/srv/specs:ro" yitu
#   curl --data-binary @config/stat-card.toml 'localhost:8080/render?format=png' -o card.png
#
# A batch in the same image: docker run --rm -v "$PWD:/w" -w /w yitu render cards/ --shard 2/4 --out out
# (see README, "Running at scale").

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
ENV CARGO_PROFILE_RELEASE_STRIP=true
RUN cargo build --release --locked --bin yitu

FROM debian:bookworm-slim
# The binary carries Noto Sans SC and needs nothing else: no fonts, no TLS (put a proxy in front).
RUN useradd --system --uid 10001 --no-create-home yitu
COPY --from=build /src/target/release/yitu /usr/local/bin/yitu
# The examples, served unless a folder is mounted over them; a spec's fonts go in /srv/specs/fonts.
COPY config /srv/specs
USER yitu
EXPOSE 8080
# SIGTERM: the server finishes the requests in flight, then exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["yitu"]
CMD ["serve", "/srv/specs", "--bind", "0.0.0.0", "--port", "8080"]
