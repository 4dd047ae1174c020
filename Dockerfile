# Builds and runs CloudNet.EventSourced. Used by docker-compose.yml; PostgreSQL comes from there.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# global.json pins the SDK of the development machines; the image brings its own 10.0 SDK.
RUN rm -f global.json && dotnet publish src/CloudNet.Api/CloudNet.Api.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8774
EXPOSE 8774
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=10 CMD curl -fsS http://127.0.0.1:8774/health || exit 1
ENTRYPOINT ["dotnet", "CloudNet.Api.dll"]
