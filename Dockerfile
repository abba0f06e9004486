# Build, test, then ship only the published bot. Tests run as a build stage: an image is never built from red code.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The lookup tests run real EVM nodes (anvil, from npm).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet test SupportBot.sln -c Release
RUN dotnet publish src/SupportBot.Host -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Conversation state (SQLite) lives on a volume so restarts continue conversations.
ENV SUPPORTBOT_Storage__SqlitePath=/data/supportbot.db
VOLUME /data
USER app
ENTRYPOINT ["dotnet", "SupportBot.dll"]
