# syntax=docker/dockerfile:1
# Build, test, then ship only the published bot. The test stage lies on the way to the image: an image is never built
# from red code. Building and testing run on the builder's own platform (no emulation); only the last stage is the
# target's, and the published bot (framework-dependent, portable) runs on amd64 and arm64 alike.
#
#   docker build -t supportbot .
#   docker run -it -v supportbot-data:/data supportbot                                   # console chat
#   docker run -d -v supportbot-data:/data -e SUPPORTBOT_Telegram__Token=… supportbot    # serve the channels

# Node.js 20+ with npm, for the tests that install anvil from npm (the SDK image's own Node.js is older).
FROM --platform=$BUILDPLATFORM node:22-slim AS node

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet build SupportBot.sln -c Release

FROM build AS test
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && node --version && npm --version
# The Redis store tests start a real redis-server on loopback; the fix page's tests drive Debian's Chromium.
RUN apt-get update && apt-get install -y --no-install-recommends redis-server chromium && rm -rf /var/lib/apt/lists/*
# The lookup tests run real EVM nodes: anvil, whose npm package is built for Linux x64 only. On another builder those
# tests are reported as skipped, each with the reason, and every other test runs.
RUN if [ "$(uname -m)" != "x86_64" ]; then \
      echo "NOTE: this builder is $(uname -m): the real-node (anvil) tests will be skipped; build on Linux x64 to run them."; \
    fi
RUN dotnet test SupportBot.sln -c Release --no-build

FROM test AS publish
RUN dotnet publish src/SupportBot.Host -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=publish /app .
# Conversation state (SQLite), the trained intent model and the console chat's log live on a volume, so restarts continue conversations. The
# folder is made and given to the app user while still root (else SQLite cannot create its file), and before VOLUME
# (changes to a volume's folder after it are discarded).
RUN mkdir -p /data && chown app:app /data
ENV SUPPORTBOT_Storage__SqlitePath=/data/supportbot.db \
    SUPPORTBOT_Storage__ModelCache=/data/models \
    SUPPORTBOT_Scams__CachePath=/data/phishing-list.json.gz \
    ASPNETCORE_HTTP_PORTS=8080
VOLUME /data
# The web port: the Telegram webhook and Discord's HTTP interactions, when configured (behind your TLS proxy).
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "SupportBot.dll"]
