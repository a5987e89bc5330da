package dev.meshbone.cli.ops;

import dev.meshbone.cli.MeshCli;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.embedded.ClientSettings;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.testkit.MeshCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.awaitility.Awaitility;

/** The CLI run in this JVM with a principal's client settings ({@code --command-config}), as an operator runs it. */
final class CliAs {

    /** What a run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    private final Path settings;

    private CliAs(Path settings) {
        this.settings = settings;
    }

    /** As the cluster's admin (access changes need it). */
    static CliAs admin(MeshCluster cluster, Path dir) {
        Path settings = dir.resolve("admin.properties");
        ClientSettings.write(settings, cluster.settings());
        return new CliAs(settings);
    }

    /**
     * As a new ops principal that holds the ACL plan's ops rows and nothing more; returns once the broker's
     * authorizer lets {@code probe} (a read-only command) through.
     */
    static CliAs ops(MeshCluster cluster, Path dir, String user, String... probe) throws Exception {
        MeshPrincipal ops = cluster.createPrincipal(user, PrincipalKind.OPS);
        MeshAccess.Platform platform = new MeshAccess.Platform("governance", "catalog", user,
                "meshbone-governance", "meshbone-catalog");
        List<AclBinding> rows = AclPlan.of(MeshAccess.of(List.of(), Map.of(), platform)).bindings().stream()
                .filter(b -> b.entry().principal().equals("User:" + user)).toList();
        try (Admin admin = cluster.createAdmin()) {
            admin.createAcls(rows).all().get();
        }
        Path settings = dir.resolve(user + ".properties");
        ClientSettings.write(settings, cluster.settings(ops));
        CliAs cli = new CliAs(settings);
        // ACLs reach the authorizer shortly after they are created
        Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> cli.run(probe).exit() == 0);
        return cli;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = MeshCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--command-config", settings.toString()));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }
}
