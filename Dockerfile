# Multi-stage build of the portal. Runs as the image's non-root "app" user on port 8080.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/PosRenewal.Core/PosRenewal.Core.csproj src/PosRenewal.Core/
COPY src/PosRenewal.Infrastructure/PosRenewal.Infrastructure.csproj src/PosRenewal.Infrastructure/
COPY src/PosRenewal.Migrations.Sqlite/PosRenewal.Migrations.Sqlite.csproj src/PosRenewal.Migrations.Sqlite/
COPY src/PosRenewal.Migrations.SqlServer/PosRenewal.Migrations.SqlServer.csproj src/PosRenewal.Migrations.SqlServer/
COPY src/PosRenewal.Web/PosRenewal.Web.csproj src/PosRenewal.Web/
RUN dotnet restore src/PosRenewal.Web/PosRenewal.Web.csproj
COPY src/ src/
RUN dotnet publish src/PosRenewal.Web/PosRenewal.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The embedded SQLite database (when no SQL Server is configured) lives in a writable volume.
RUN mkdir -p /app/App_Data && chown "$APP_UID" /app/App_Data
VOLUME /app/App_Data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "PosRenewal.Web.dll"]
