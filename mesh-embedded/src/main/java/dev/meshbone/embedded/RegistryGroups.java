package dev.meshbone.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Creates registry groups as the admin, owned by a domain. Any developer could create a group that does not exist
 * yet ("squatting") and an ownerless group is open to every developer, so each domain's group is made by the admin
 * and handed to its domain before the domain registers anything.
 */
final class RegistryGroups {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryGroups() {
    }

    /** Creates the group unless it exists, then sets its owner; both as {@code admin}. */
    static void createOwned(String registryApiUrl, MeshPrincipal admin, String group, String owner) {
        String groups = registryApiUrl + "/groups";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(groups))
                .POST(HttpRequest.BodyPublishers.ofString("{\"groupId\":\"" + group + "\"}")), admin);
        if (created.statusCode() != 200 && created.statusCode() != 409) {
            throw new IllegalStateException("cannot create registry group " + group + ": HTTP "
                    + created.statusCode() + " " + created.body());
        }
        HttpResponse<String> owned = send(HttpRequest.newBuilder(URI.create(groups + "/" + group))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + owner + "\"}")), admin);
        if (owned.statusCode() / 100 != 2) {
            throw new IllegalStateException("cannot make " + owner + " the owner of registry group " + group
                    + ": HTTP " + owned.statusCode() + " " + owned.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, MeshPrincipal admin) {
        try {
            return HTTP.send(request.header("Authorization", admin.basicAuthorization())
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("registry call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the registry", e);
        }
    }
}
