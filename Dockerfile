# syntax=docker/dockerfile:1
# Build stage: the SDK restores and publishes; nothing of it reaches the runtime image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY MovieNight.sln Directory.Build.props ./
COPY MovieNight.Web/MovieNight.Web.csproj MovieNight.Web/
COPY MovieNight.Migrations/MovieNight.Migrations.csproj MovieNight.Migrations/
RUN dotnet restore MovieNight.Web/MovieNight.Web.csproj
COPY MovieNight.Web/ MovieNight.Web/
COPY MovieNight.Migrations/ MovieNight.Migrations/
RUN dotnet publish MovieNight.Web/MovieNight.Web.csproj -c Release -o /app --no-restore

# Runtime stage: ASP.NET Core runtime only, as the image's non-root "app" user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    MOVIENIGHT_DATA_DIR=/data
RUN mkdir -p /data && chown $APP_UID /data
USER $APP_UID
VOLUME /data
EXPOSE 8080
# The runtime image has no curl: the app probes its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "MovieNight.Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "MovieNight.Web.dll"]
