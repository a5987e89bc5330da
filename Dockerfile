# One image for every Meshbone app: governance, the catalog projector, the demo, and the mesh CLI.
#   docker build -t meshbone .
# It builds from the repository with the Maven wrapper, then runs on a plain Java 17 runtime.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl mesh-cli -am install -DskipTests

FROM eclipse-temurin:17-jre
# curl: docker-compose.yml's init script (registry groups) and health checks; newer Temurin images drop it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/mesh-cli/target/mesh.jar /app/mesh.jar
RUN useradd --system --home /app meshbone && mkdir -p /var/lib/meshbone && chown meshbone /var/lib/meshbone
USER meshbone
ENTRYPOINT ["java", "-cp", "/app/mesh.jar"]
CMD ["dev.meshbone.cli.MeshCli", "--help"]
