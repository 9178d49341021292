package io.streamgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamgate.deploy.TerraformPlan.Resource;
import io.streamgate.platform.kafka.TopicsProperties;
import io.streamgate.support.ApplicationEnvironment;
import io.streamgate.support.ApplicationSystems;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The AWS stack under {@code deploy/terraform}, checked offline: Terraform validates it and plans it with fake
 * credentials (no cloud account), and the tests read the plan's JSON. Three roots are planned, in parallel:
 * <ul>
 *   <li>the stack itself: network, firewall, databases, Kafka, registry, load balancer, one service per system.
 *       Ids are unknown before apply, so who-may-reach-whom and what-runs-where are read from the configuration's
 *       references ({@link TerraformPlan#references});</li>
 *   <li>{@code bootstrap}: the state bucket and the image repository;</li>
 *   <li>the service module alone for every system, with known inputs, so that the task definitions (unknown in the
 *       stack's plan, where they contain the brokers' addresses) can be read whole: containers, order, environment,
 *       which Spring binds here into the application's own settings classes, and the schema registration step,
 *       which runs here against a recording HTTP server.</li>
 * </ul>
 * Skipped without terraform and the provider mirror outside CI; fails without them in CI ({@link Terraform}).
 */
class TerraformPlanTest {

    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/streamgate:0.1.0";
    static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    static final String REGISTRY_URL = "http://registry.streamgate.internal:8080/apis/ccompat/v7";
    static final String BROKERS = "b-1.streamgate.abc123.c2.kafka.eu-west-1.amazonaws.com:9096,"
            + "b-2.streamgate.abc123.c2.kafka.eu-west-1.amazonaws.com:9096,"
            + "b-3.streamgate.abc123.c2.kafka.eu-west-1.amazonaws.com:9096";
    static final String DATABASE_URL =
            "jdbc:postgresql://streamgate-db.abc123.eu-west-1.rds.amazonaws.com:5432/streamgate?sslmode=require";
    static final String DATABASE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:streamgate-db/credentials-AbCdEf";
    static final String KAFKA_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_streamgate_streamgate-GhIjKl";
    static final Set<String> ZONES = Set.of("eu-west-1a", "eu-west-1b", "eu-west-1c");

    // --- the plans (made once per JVM, the three in parallel)

    record Planned(JsonNode validation, TerraformPlan plan) {
    }

    private static final Map<String, CompletableFuture<Planned>> PLANS = new ConcurrentHashMap<>();

    private static synchronized Map<String, CompletableFuture<Planned>> plans() {
        if (PLANS.isEmpty()) {
            Terraform terraform = Terraform.stage();
            PLANS.put("stack", CompletableFuture.supplyAsync(() -> planStack(terraform)));
            PLANS.put("bootstrap", CompletableFuture.supplyAsync(() -> planBootstrap(terraform)));
            PLANS.put("services", CompletableFuture.supplyAsync(() -> planServices(terraform)));
        }
        return PLANS;
    }

    static Planned planned(String root) {
        CompletableFuture<Planned> plan = plans().get(root);
        try {
            return plan.get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TerraformPlan stack() {
        return planned("stack").plan();
    }

    private static Planned planStack(Terraform terraform) {
        Path root = terraform.root("deploy/terraform");
        write(root.resolve("offline_override.tf"), """
                # The test's: a local backend instead of S3, and the provider offline.
                terraform {
                  backend "local" {}
                }
                """ + Terraform.offlineProvider());
        terraform.init(root, true);
        JsonNode validation = terraform.validate(root);
        return new Planned(validation, terraform.plan(root, Map.of("image", IMAGE, "certificate_arn", CERTIFICATE)));
    }

    private static Planned planBootstrap(Terraform terraform) {
        Path root = terraform.root("deploy/terraform/bootstrap");
        write(root.resolve("offline_override.tf"), Terraform.offlineProvider());
        terraform.init(root, true);
        JsonNode validation = terraform.validate(root);
        return new Planned(validation, terraform.plan(root, Map.of("state_bucket", "acme-streamgate-tfstate")));
    }

    /** The service module for every system of the catalogue, with known inputs in place of the stack's. */
    private static Planned planServices(Terraform terraform) {
        Path root = terraform.root("service-fixture");
        write(root.resolve("main.tf"), """
                terraform {
                  required_providers {
                    aws = { source = "hashicorp/aws" }
                  }
                }

                provider "aws" {
                  region                      = "eu-west-1"
                  access_key                  = "offline-plan"
                  secret_key                  = "offline-plan"
                  skip_credentials_validation = true
                  skip_requesting_account_id  = true
                  skip_metadata_api_check     = true
                  skip_region_validation      = true
                }

                module "catalogue" {
                  source = "../deploy/terraform/modules/catalogue"
                }

                module "service" {
                  source   = "../deploy/terraform/modules/service"
                  for_each = module.catalogue.systems

                  name                         = "streamgate"
                  system                       = each.key
                  systems                      = keys(module.catalogue.systems)
                  settings                     = each.value
                  region                       = "eu-west-1"
                  image                        = "%s"
                  image_repository_arn         = "arn:aws:ecr:eu-west-1:123456789012:repository/streamgate"
                  curl_image                   = "curlimages/curl:8.11.1"
                  cpu                          = 1024
                  memory                       = 2048
                  cpu_architecture             = "X86_64"
                  cluster_name                 = "streamgate"
                  cluster_arn                  = "arn:aws:ecs:eu-west-1:123456789012:cluster/streamgate"
                  vpc_id                       = "vpc-0123456789abcdef0"
                  subnet_ids                   = ["subnet-0a", "subnet-0b", "subnet-0c"]
                  security_group_id            = "sg-0services"
                  listener_arn                 = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/streamgate/0123/4567"
                  kafka_bootstrap_servers      = "%s"
                  schema_registry_url          = "%s"
                  database_url                 = "%s"
                  database_secret_arn          = "%s"
                  kafka_secret_arn             = "%s"
                  kms_key_arn                  = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
                  schema_registrations         = module.catalogue.schema_registrations
                  ecs_tasks_assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
                  log_retention_days           = 30
                }
                """.formatted(IMAGE, BROKERS, REGISTRY_URL, DATABASE_URL, DATABASE_SECRET,
                KAFKA_SECRET));
        terraform.init(root, false);
        // Not validated on its own: the plan validates it, and it is the test's, not the stack's.
        return new Planned(null, terraform.plan(root, Map.of()));
    }

    // --- the stack

    @Test
    void theStackAndItsBootstrapAreValidWithoutWarnings() {
        for (String root : List.of("stack", "bootstrap")) {
            JsonNode validation = planned(root).validation();
            assertThat(validation.path("valid").asBoolean()).as("%s valid: %s", root, validation).isTrue();
            assertThat(validation.path("warning_count").asInt()).as("%s warnings: %s", root, validation).isZero();
        }
    }

    @Test
    void onlyTheLoadBalancerIsPublicAndTheDataTierHasNoRouteOut() {
        TerraformPlan plan = stack();
        for (String tier : List.of("public", "private", "data")) {
            List<Resource> subnets = plan.resources("aws_subnet").stream()
                    .filter(s -> s.configAddress().equals("module.network.aws_subnet." + tier)).toList();
            assertThat(subnets).as("%s subnets", tier).hasSize(3);
            assertThat(subnets).extracting(s -> s.at("availability_zone").asText()).as("%s zones", tier)
                    .containsExactlyInAnyOrderElementsOf(ZONES);
            assertThat(subnets).allSatisfy(s -> assertThat(s.at("map_public_ip_on_launch").asBoolean()).isFalse());
        }

        Resource loadBalancer = plan.resource("module.load_balancer.aws_lb.this");
        assertThat(loadBalancer.at("internal").asBoolean()).isFalse();
        assertThat(plan.referencedResources(loadBalancer.address(), "subnets"))
                .containsExactly("module.network.aws_subnet.public");
        assertThat(plan.resources("aws_lb")).hasSize(1);

        assertThat(plan.referencedResources("module.database.aws_db_subnet_group.this", "subnet_ids"))
                .containsExactly("module.network.aws_subnet.data");
        assertThat(plan.referencedResources("module.registry_database.aws_db_subnet_group.this", "subnet_ids"))
                .containsExactly("module.network.aws_subnet.data");
        assertThat(plan.referencedResources("module.kafka.aws_msk_cluster.this", "broker_node_group_info.client_subnets"))
                .containsExactly("module.network.aws_subnet.data");
        for (Resource service : plan.resources("aws_ecs_service")) {
            assertThat(plan.referencedResources(service.address(), "network_configuration.subnets"))
                    .as(service.address()).containsExactly("module.network.aws_subnet.private");
            assertThat(service.at("network_configuration.assign_public_ip").asBoolean()).isFalse();
        }

        // Routes: the internet gateway from the public table only, NAT from the private ones, none from the data tier.
        Map<String, Set<String>> routes = new TreeMap<>();
        for (Resource route : plan.resources("aws_route")) {
            String table = single(plan.referencedResources(route.address(), "route_table_id"));
            String target = single(plan.referencedResources(route.address(),
                    route.at("gateway_id").isNull() ? "nat_gateway_id" : "gateway_id").stream()
                    .filter(reference -> !reference.startsWith("var.")).toList());
            assertThat(route.at("destination_cidr_block").asText()).isEqualTo("0.0.0.0/0");
            routes.computeIfAbsent(table, t -> new TreeSet<>()).add(target);
        }
        assertThat(routes).containsOnly(
                entry("module.network.aws_route_table.public", Set.of("module.network.aws_internet_gateway.this")),
                entry("module.network.aws_route_table.private", Set.of("module.network.aws_nat_gateway.this")));
        assertThat(plan.configuration("module.network.aws_route_table.data").path("expressions").has("route"))
                .isFalse();
        for (Resource association : plan.resources("aws_route_table_association")) {
            String subnets = single(plan.referencedResources(association.address(), "subnet_id"));
            String tier = subnets.substring(subnets.lastIndexOf('.') + 1);
            assertThat(plan.referencedResources(association.address(), "route_table_id"))
                    .containsExactly("module.network.aws_route_table." + tier);
        }
        for (Resource nat : plan.resources("aws_nat_gateway")) {
            assertThat(plan.referencedResources(nat.address(), "subnet_id"))
                    .containsExactly("module.network.aws_subnet.public");
        }
    }

    @Test
    void postgresIsEncryptedBackedUpPrivateAndRequiresTls() {
        TerraformPlan plan = stack();
        assertThat(plan.resources("aws_db_instance")).extracting(Resource::address)
                .containsExactlyInAnyOrder("module.database.aws_db_instance.this",
                        "module.registry_database.aws_db_instance.this");
        for (Resource db : plan.resources("aws_db_instance")) {
            String module = db.address().substring(0, db.address().indexOf(".aws_db_instance"));
            assertThat(db.at("engine").asText()).isEqualTo("postgres");
            assertThat(db.at("storage_encrypted").asBoolean()).as("encrypted at rest").isTrue();
            assertThat(plan.references(db.address(), "kms_key_id")).containsExactly("aws_kms_key.data.arn");
            assertThat(db.at("publicly_accessible").asBoolean()).isFalse();
            assertThat(db.at("multi_az").asBoolean()).isTrue();
            assertThat(db.at("backup_retention_period").asInt()).isGreaterThanOrEqualTo(7);
            assertThat(db.at("deletion_protection").asBoolean()).isTrue();
            assertThat(db.at("skip_final_snapshot").asBoolean()).isFalse();
            assertThat(db.at("enabled_cloudwatch_logs_exports").toString()).contains("postgresql");
            // The password is write-only: not in the plan, not in the state.
            assertThat(db.at("password").isNull()).isTrue();
            assertThat(db.unknown("password")).isFalse();
            assertThat(db.at("password_wo_version").asInt()).isEqualTo(1);
            assertThat(plan.referencedResources(db.address(), "db_subnet_group_name"))
                    .containsExactly(module + ".aws_db_subnet_group.this");

            // In transit: TLS required by the parameter group.
            assertThat(plan.referencedResources(db.address(), "parameter_group_name"))
                    .containsExactly(module + ".aws_db_parameter_group.this");
            JsonNode parameters = plan.resource(module + ".aws_db_parameter_group.this").at("parameter");
            assertThat(StreamSupport.stream(parameters.spliterator(), false)
                    .collect(Collectors.toMap(p -> p.path("name").asText(), p -> p.path("value").asText())))
                    .containsEntry("rds.force_ssl", "1")
                    .containsEntry("ssl_min_protocol_version", "TLSv1.2");
        }
    }

    @Test
    void credentialsAreGeneratedIntoSecretsManagerAndAreNeverInThePlan() {
        TerraformPlan plan = stack();
        List<Resource> secrets = plan.resources("aws_secretsmanager_secret");
        assertThat(secrets).extracting(Resource::address).containsExactlyInAnyOrder(
                "module.database.aws_secretsmanager_secret.credentials",
                "module.registry_database.aws_secretsmanager_secret.credentials",
                "module.kafka.aws_secretsmanager_secret.client");
        for (Resource secret : secrets) {
            assertThat(plan.references(secret.address(), "kms_key_id")).containsExactly("aws_kms_key.data.arn");
        }
        for (Resource version : plan.resources("aws_secretsmanager_secret_version")) {
            assertThat(version.at("secret_string").isNull()).as(version.address()).isTrue();
            assertThat(version.unknown("secret_string")).isFalse();
            assertThat(version.at("secret_string_wo_version").asInt()).isEqualTo(1);
        }
        assertThat(plan.resource("aws_kms_key.data").at("enable_key_rotation").asBoolean()).isTrue();
        // What the services get: the database's and the SCRAM user's secrets.
        assertThat(plan.moduleArgument("service", "database_secret_arn"))
                .containsExactly("module.database.aws_secretsmanager_secret.credentials.arn");
        assertThat(plan.moduleArgument("service", "kafka_secret_arn"))
                .containsExactly("module.kafka.aws_secretsmanager_secret.client.arn");
        assertThat(plan.moduleArgument("schema_registry", "database_secret_arn"))
                .containsExactly("module.registry_database.aws_secretsmanager_secret.credentials.arn");
    }

    @Test
    void kafkaRunsThreeBrokersInThreeZonesWithTlsScramAndReplicationThree() {
        TerraformPlan plan = stack();
        Resource kafka = plan.resource("module.kafka.aws_msk_cluster.this");
        assertThat(plan.resources("aws_msk_cluster")).hasSize(1);

        assertThat(kafka.at("number_of_broker_nodes").asInt()).isEqualTo(3);
        assertThat(plan.referencedResources(kafka.address(), "broker_node_group_info.client_subnets"))
                .containsExactly("module.network.aws_subnet.data");
        assertThat(plan.resources("aws_subnet").stream()
                .filter(s -> s.configAddress().equals("module.network.aws_subnet.data"))
                .map(s -> s.at("availability_zone").asText()).distinct()).hasSize(3);
        assertThat(kafka.at("broker_node_group_info.connectivity_info.public_access.type").asText())
                .isEqualTo("DISABLED");

        assertThat(kafka.at("encryption_info.encryption_in_transit.client_broker").asText()).isEqualTo("TLS");
        assertThat(kafka.at("encryption_info.encryption_in_transit.in_cluster").asBoolean()).isTrue();
        assertThat(plan.references(kafka.address(), "encryption_info.encryption_at_rest_kms_key_arn"))
                .containsExactly("aws_kms_key.data.arn");

        assertThat(kafka.at("client_authentication.unauthenticated").asBoolean()).isFalse();
        assertThat(kafka.at("client_authentication.sasl.scram").asBoolean()).isTrue();
        Resource scram = single(plan.resources("aws_msk_single_scram_secret_association"));
        assertThat(plan.references(scram.address(), "secret_arn"))
                .containsExactly("module.kafka.aws_secretsmanager_secret.client.arn");
        assertThat(plan.resource("module.kafka.aws_secretsmanager_secret.client").at("name").asText())
                .startsWith("AmazonMSK_");

        assertThat(plan.references(kafka.address(), "configuration_info.arn"))
                .containsExactly("module.kafka.aws_msk_configuration.this.arn");
        Map<String, String> brokerConfig = Arrays.stream(plan.resource("module.kafka.aws_msk_configuration.this")
                        .at("server_properties").asText().split("\n"))
                .map(line -> line.split("=", 2)).collect(Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim()));
        assertThat(brokerConfig)
                .containsEntry("default.replication.factor", String.valueOf(ClusterManifests.REPLICAS))
                .containsEntry("min.insync.replicas", String.valueOf(ClusterManifests.MIN_INSYNC_REPLICAS))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("unclean.leader.election.enable", "false")
                .containsEntry("auto.create.topics.enable", "false");

        assertThat(kafka.at("logging_info.broker_logs.cloudwatch_logs.enabled").asBoolean()).isTrue();
        assertThat(plan.moduleArgument("service", "kafka_bootstrap_servers"))
                .containsExactly("module.kafka.aws_msk_cluster.this.bootstrap_brokers_sasl_scram");
    }

    @Test
    void securityGroupsAllowOnlyTheConnectionsTheSystemMakes() {
        TerraformPlan plan = stack();
        assertThat(rules(plan, "aws_vpc_security_group_ingress_rule", " <- ")).containsExactlyInAnyOrder(
                "load_balancer <- 0.0.0.0/0:443",
                "load_balancer <- 0.0.0.0/0:80",
                "services <- load_balancer:8000",
                "registry <- services:8080",
                "database <- services:5432",
                "registry_database <- registry:5432",
                "kafka <- services:9096");
        assertThat(rules(plan, "aws_vpc_security_group_egress_rule", " -> ")).containsExactlyInAnyOrder(
                "load_balancer -> services:8000",
                "services -> database:5432",
                "services -> kafka:9096",
                "services -> registry:8080",
                "services -> 0.0.0.0/0:443",
                "registry -> registry_database:5432",
                "registry -> 0.0.0.0/0:443");
        // No inline rules beside these (and so no default allow-all egress either).
        for (Resource group : plan.resources("aws_security_group")) {
            JsonNode expressions = plan.configuration(group.address()).path("expressions");
            assertThat(expressions.has("ingress") || expressions.has("egress")).as(group.address()).isFalse();
        }
        assertThat(plan.configuration("module.network.aws_default_security_group.this").path("expressions")
                .has("ingress")).isFalse();

        // Who is in which group.
        Map<String, String> members = new LinkedHashMap<>();
        members.put("module.database.aws_db_instance.this|vpc_security_group_ids", "database");
        members.put("module.registry_database.aws_db_instance.this|vpc_security_group_ids", "registry_database");
        members.put("module.kafka.aws_msk_cluster.this|broker_node_group_info.security_groups", "kafka");
        members.put("module.load_balancer.aws_lb.this|security_groups", "load_balancer");
        members.put("module.schema_registry.aws_ecs_service.this|network_configuration.security_groups", "registry");
        for (Resource service : plan.resources("aws_ecs_service")) {
            if (service.address().startsWith("module.service[")) {
                members.put(service.address() + "|network_configuration.security_groups", "services");
            }
        }
        members.forEach((member, group) -> {
            String[] parts = member.split("\\|");
            assertThat(plan.referencedResources(parts[0], parts[1])).as(parts[0])
                    .containsExactly("module.firewall.aws_security_group." + group);
        });
    }

    @Test
    void oneFargateServicePerSystemBehindHttpsWithItsHealthCheck() {
        TerraformPlan plan = stack();
        Map<String, Resource> services = perSystem(plan, "aws_ecs_service");
        assertThat(services.keySet()).as("one service per system of the application")
                .containsExactlyInAnyOrderElementsOf(applicationSystems());

        services.forEach((system, service) -> {
            assertThat(service.at("name").asText()).isEqualTo("streamgate-" + system);
            assertThat(service.at("launch_type").asText()).isEqualTo("FARGATE");
            assertThat(service.at("deployment_minimum_healthy_percent").asInt()).isEqualTo(100);
            assertThat(service.at("deployment_circuit_breaker.rollback").asBoolean()).isTrue();
            assertThat(service.at("load_balancer.container_name").asText()).isEqualTo("streamgate");
            assertThat(service.at("load_balancer.container_port").asInt()).isEqualTo(8000);
            String module = "module.service[\"" + system + "\"]";
            assertThat(plan.referencedResources(service.address(), "load_balancer.target_group_arn"))
                    .containsExactly("module.service.aws_lb_target_group.this");
            Resource target = plan.resource(module + ".aws_lb_target_group.this");
            assertThat(target.at("health_check.path").asText()).as("the Kubernetes liveness probe's path")
                    .isEqualTo("/livez");
            assertThat(target.at("port").asInt()).isEqualTo(8000);
            assertThat(target.at("target_type").asText()).isEqualTo("ip");

            Resource task = plan.resource(module + ".aws_ecs_task_definition.this");
            assertThat(task.at("requires_compatibilities").toString()).isEqualTo("[\"FARGATE\"]");
            assertThat(task.at("network_mode").asText()).isEqualTo("awsvpc");
            assertThat(task.at("task_role_arn").isNull() && !task.unknown("task_role_arn"))
                    .as("no task role: the services call no AWS API").isTrue();
        });

        // Counts as in the Kubernetes prod overlay: payments and submissions scale on CPU, the others are fixed.
        Map<String, String> counts = new TreeMap<>();
        perSystem(plan, "aws_appautoscaling_target").forEach((system, target) ->
                counts.put(system, target.at("min_capacity").asInt() + "-" + target.at("max_capacity").asInt()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("payments", "2-10", "submissions", "2-10",
                "orders", "3-3", "orderdetails", "2-2", "trips", "3-3"));
        assertThat(perSystem(plan, "aws_appautoscaling_policy").keySet())
                .containsExactlyInAnyOrder("payments", "submissions");

        Resource https = plan.resource("module.load_balancer.aws_lb_listener.https");
        assertThat(https.at("port").asInt()).isEqualTo(443);
        assertThat(https.at("protocol").asText()).isEqualTo("HTTPS");
        assertThat(https.at("certificate_arn").asText()).isEqualTo(CERTIFICATE);
        assertThat(https.at("ssl_policy").asText()).startsWith("ELBSecurityPolicy-TLS13-1-2");
        assertThat(https.at("routing_http_response_strict_transport_security_header_value").asText())
                .as("HSTS where HTTPS is served: the load balancer, since the services behind it speak HTTP")
                .isEqualTo("max-age=31536000");
        assertThat(https.at("default_action.fixed_response.status_code").asText()).isEqualTo("404");
        Resource http = plan.resource("module.load_balancer.aws_lb_listener.http");
        assertThat(http.at("port").asInt()).isEqualTo(80);
        assertThat(http.at("default_action.type").asText()).isEqualTo("redirect");
        assertThat(http.at("default_action.redirect.protocol").asText()).isEqualTo("HTTPS");
    }

    @Test
    void theLoadBalancerRoutesEachSeedRouteToItsSystem() {
        TerraformPlan plan = stack();
        record Rule(int priority, String system, List<Pattern> paths) {
        }
        List<Rule> rules = new ArrayList<>();
        perSystem(plan, "aws_lb_listener_rule").forEach((system, rule) -> {
            assertThat(plan.referencedResources(rule.address(), "listener_arn"))
                    .containsExactly("module.load_balancer.aws_lb_listener.https");
            assertThat(plan.referencedResources(rule.address(), "action.target_group_arn"))
                    .containsExactly("module.service.aws_lb_target_group.this");
            List<Pattern> paths = new ArrayList<>();
            rule.at("condition").forEach(condition -> condition.path("path_pattern").path(0).path("values")
                    .forEach(value -> paths.add(albPattern(value.asText()))));
            rules.add(new Rule(rule.at("priority").asInt(), system, paths));
        });
        rules.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        Function<String, String> route = path -> rules.stream()
                .filter(rule -> rule.paths().stream().anyMatch(p -> p.matcher(path).matches()))
                .map(Rule::system).findFirst().orElse("404");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/payments", "payments");
        expected.put("/payments/3fa85f64-5717-4562-b3fc-2c963f66afa6", "payments");
        expected.put("/payments/batch", "payments");
        expected.put("/health", "payments");
        expected.put("/create-order", "orders");
        expected.put("/orders", "orders");
        expected.put("/orders/ORDER-123", "orders");
        expected.put("/update-order", "orders");
        expected.put("/order-details", "orderdetails");
        expected.put("/getAllOrderIdsFromTopic", "orderdetails");
        expected.put("/trips/requested", "trips");
        expected.put("/trips/driver-assigned/batch", "trips");
        expected.put("/submit-code", "submissions");
        expected.put("/supported-languages", "submissions");
        expected.put("/kafka-status", "submissions");
        expected.put("/submissions/", "submissions");
        expected.put("/submissions/index.html", "submissions");
        // Operations endpoints stay inside the VPC.
        expected.put("/actuator/prometheus", "404");
        expected.put("/livez", "404");
        expected.put("/v3/api-docs", "404");
        expected.forEach((path, system) -> assertThat(route.apply(path)).as(path).isEqualTo(system));
    }

    @Test
    void theSchemaRegistryIsApicurioOnItsOwnDatabaseAndPrivate() {
        TerraformPlan plan = stack();
        assertThat(plan.output("schema_registry_url").asText()).isEqualTo(REGISTRY_URL);
        assertThat(plan.moduleArgument("schema_registry", "database_url"))
                .contains("module.registry_database.aws_db_instance.this.address");
        assertThat(plan.references("module.schema_registry.aws_ecs_service.this", "service_registries.registry_arn"))
                .containsExactly("module.schema_registry.aws_service_discovery_service.this.arn");
        assertThat(plan.resource("aws_service_discovery_private_dns_namespace.this").at("name").asText())
                .isEqualTo("streamgate.internal");
        Resource registry = plan.resource("module.schema_registry.aws_ecs_service.this");
        assertThat(registry.at("desired_count").asInt()).isEqualTo(2);
        assertThat(registry.at("load_balancer").isEmpty()).as("not behind the public load balancer").isTrue();
    }

    @Test
    void leastPrivilegeRoles() {
        TerraformPlan plan = stack();
        for (Resource role : plan.resources("aws_iam_role")) {
            JsonNode trust = json(role.at("assume_role_policy").asText());
            assertThat(trust.path("Statement")).singleElement().satisfies(statement ->
                    assertThat(statement.path("Principal").path("Service").asText())
                            .isIn("ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com"));
        }
        assertThat(plan.resources("aws_iam_role_policy_attachment")).as("no broad managed policies").isEmpty();
        List<Resource> documents = plan.dataSources("aws_iam_policy_document");
        assertThat(documents).hasSize(applicationSystems().size() + 2);
        for (Resource document : documents) {
            for (JsonNode statement : document.at("statement")) {
                List<String> actions = strings(statement.path("actions"));
                assertThat(actions).as(document.address()).noneMatch(action -> action.contains("*"));
                if (strings(statement.path("resources")).contains("*")) {
                    assertThat(actions).as("%s: only an action without a resource may have *", document.address())
                            .containsExactly("ecr:GetAuthorizationToken");
                }
                assertThat(statement.path("effect").isNull() || statement.path("effect").asText().equals("Allow"))
                        .isTrue();
            }
        }
        Resource payments = plan.dataSources("aws_iam_policy_document").stream()
                .filter(d -> d.address().startsWith("module.service[\"payments\"]")).findFirst().orElseThrow();
        Map<String, List<String>> actions = new TreeMap<>();
        for (JsonNode statement : payments.at("statement")) {
            actions.put(statement.path("sid").asText(), strings(statement.path("actions")));
            if (statement.path("sid").asText().equals("PullImage")) {
                assertThat(strings(statement.path("resources")))
                        .containsExactly("arn:aws:ecr:eu-west-1:123456789012:repository/streamgate");
            }
        }
        assertThat(actions).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PullImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer"),
                "RegistryLogin", List.of("ecr:GetAuthorizationToken"),
                "Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Credentials", List.of("secretsmanager:GetSecretValue"),
                "DecryptSecrets", List.of("kms:Decrypt")));
    }

    @Test
    void everythingLogsToCloudWatch() {
        TerraformPlan plan = stack();
        Set<String> groups = new TreeSet<>();
        for (Resource group : plan.resources("aws_cloudwatch_log_group")) {
            groups.add(group.at("name").asText());
            assertThat(group.at("retention_in_days").asInt()).as(group.address()).isEqualTo(30);
        }
        Set<String> expected = new TreeSet<>(Set.of("/streamgate/registry", "/streamgate/brokers",
                "/streamgate/vpc-flow-logs"));
        applicationSystems().forEach(system -> expected.add("/streamgate/" + system));
        assertThat(groups).isEqualTo(expected);
        assertThat(plan.output("log_groups").size()).isEqualTo(applicationSystems().size());
        assertThat(single(plan.resources("aws_flow_log")).at("traffic_type").asText()).isEqualTo("ALL");
        assertThat(plan.references("module.kafka.aws_msk_cluster.this",
                "logging_info.broker_logs.cloudwatch_logs.log_group"))
                .containsExactly("module.kafka.aws_cloudwatch_log_group.brokers.name");
        assertThat(single(plan.resources("aws_ecs_cluster")).at("setting").toString()).contains("containerInsights");
    }

    @Test
    void outputsGiveTheApplicationEnvironment() {
        TerraformPlan plan = stack();
        assertThat(plan.outputs()).contains("kafka_bootstrap_servers", "schema_registry_url", "database_url",
                "database_secret_arn", "kafka_secret_arn", "load_balancer_dns_name", "services", "log_groups");
        assertThat(plan.outputReferences("kafka_bootstrap_servers"))
                .containsExactly("module.kafka.aws_msk_cluster.this.bootstrap_brokers_sasl_scram");
        assertThat(plan.outputReferences("database_url")).containsExactlyInAnyOrder(
                "module.database.aws_db_instance.this.address", "module.database.aws_db_instance.this.port");
        assertThat(plan.outputReferences("database_secret_arn"))
                .containsExactly("module.database.aws_secretsmanager_secret.credentials.arn");
        assertThat(plan.outputReferences("load_balancer_dns_name"))
                .containsExactly("module.load_balancer.aws_lb.this.dns_name");
        // The same API the Kubernetes ConfigMap points at.
        assertThat(plan.output("schema_registry_url").asText()).endsWith("/apis/ccompat/v7");
        Map<String, String> services = new TreeMap<>();
        plan.output("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue().asText()));
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(applicationSystems());
        services.forEach((system, name) -> assertThat(name).isEqualTo("streamgate-" + system));
        assertThat(plan.moduleArgument("service", "database_url"))
                .contains("module.database.aws_db_instance.this.address");
        assertThat(plan.moduleArgument("service", "schema_registry_url"))
                .contains("module.schema_registry.aws_service_discovery_service.this.name");
    }

    @Test
    void stateIsRemoteLockedAndItsBucketPrivateVersionedEncrypted() throws IOException {
        String backend = Files.readString(Terraform.ROOT.resolve("deploy/terraform/backend.tf"));
        assertThat(backend).containsPattern("backend\\s+\"s3\"").containsPattern("use_lockfile\\s*=\\s*true")
                .containsPattern("encrypt\\s*=\\s*true");

        TerraformPlan plan = planned("bootstrap").plan();
        assertThat(single(plan.resources("aws_s3_bucket_versioning")).at("versioning_configuration.status").asText())
                .isEqualTo("Enabled");
        assertThat(single(plan.resources("aws_s3_bucket_server_side_encryption_configuration"))
                .at("rule.apply_server_side_encryption_by_default.sse_algorithm").asText()).isEqualTo("aws:kms");
        Resource block = single(plan.resources("aws_s3_bucket_public_access_block"));
        for (String setting : List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
                "restrict_public_buckets")) {
            assertThat(block.at(setting).asBoolean()).as(setting).isTrue();
        }
        Resource repository = single(plan.resources("aws_ecr_repository"));
        assertThat(repository.at("name").asText()).isEqualTo("streamgate");
        assertThat(repository.at("image_tag_mutability").asText()).isEqualTo("IMMUTABLE");
        assertThat(repository.at("image_scanning_configuration.scan_on_push").asBoolean()).isTrue();
        assertThat(repository.at("encryption_configuration.encryption_type").asText()).isEqualTo("KMS");
    }

    // --- the services' tasks (service module with known inputs)

    @Test
    void eachTaskRegistersSchemasThenMigratesThenServesOnlyItsSystem() {
        TerraformPlan plan = planned("services").plan();
        Map<String, Resource> tasks = perSystem(plan, "aws_ecs_task_definition");
        assertThat(tasks.keySet()).containsExactlyInAnyOrderElementsOf(applicationSystems());

        tasks.forEach((system, task) -> {
            Map<String, JsonNode> containers = containers(task);
            assertThat(containers.keySet()).containsExactlyInAnyOrder("register-schemas", "migrate", "streamgate");
            JsonNode register = containers.get("register-schemas");
            JsonNode migrate = containers.get("migrate");
            JsonNode app = containers.get("streamgate");

            assertThat(register.path("essential").asBoolean()).isFalse();
            assertThat(register.path("image").asText()).isEqualTo("curlimages/curl:8.11.1");
            assertThat(migrate.path("essential").asBoolean()).isFalse();
            assertThat(migrate.path("image").asText()).isEqualTo(IMAGE);
            // StreamgateApplication's migrate command: DATABASE_URL and credentials from the same environment.
            assertThat(strings(migrate.path("command"))).containsExactly("migrate");
            assertThat(migrate.path("dependsOn").toString())
                    .isEqualTo("[{\"condition\":\"SUCCESS\",\"containerName\":\"register-schemas\"}]");
            assertThat(app.path("essential").asBoolean()).isTrue();
            assertThat(app.path("image").asText()).isEqualTo(IMAGE);
            assertThat(app.path("dependsOn").toString())
                    .isEqualTo("[{\"condition\":\"SUCCESS\",\"containerName\":\"migrate\"}]");
            assertThat(app.path("portMappings").path(0).path("containerPort").asInt()).isEqualTo(8000);
            // Drain and flush fit before SIGKILL (the Kubernetes grace period is 45 s with its 10 s preStop).
            assertThat(app.path("stopTimeout").asInt()).isBetween(30, 120);

            assertThat(migrate.path("environment")).isEqualTo(app.path("environment"));
            assertThat(migrate.path("secrets")).isEqualTo(app.path("secrets"));
            Map<String, String> env = environment(app);
            assertThat(env).containsEntry("STREAMGATE_SYSTEMS", system);
            assertThat(secrets(app)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "DATABASE_USERNAME", DATABASE_SECRET + ":username::",
                    "DATABASE_PASSWORD", DATABASE_SECRET + ":password::",
                    "KAFKA_USERNAME", KAFKA_SECRET + ":username::",
                    "KAFKA_PASSWORD", KAFKA_SECRET + ":password::"));

            for (JsonNode container : containers.values()) {
                assertThat(container.path("readonlyRootFilesystem").asBoolean()).as(container.path("name").asText())
                        .isTrue();
                assertThat(strings(container.path("linuxParameters").path("capabilities").path("drop")))
                        .containsExactly("ALL");
                JsonNode logs = container.path("logConfiguration");
                assertThat(logs.path("logDriver").asText()).isEqualTo("awslogs");
                assertThat(logs.path("options").path("awslogs-group").asText()).isEqualTo("/streamgate/" + system);
            }
            assertThat(app.path("user").asText()).isEqualTo("10001:10001");
            assertThat(task.at("task_role_arn").isNull()).isTrue();
            assertThat(task.at("volume.name").asText()).isEqualTo("tmp");
        });
        assertThat(environment(containers(tasks.get("trips")).get("streamgate")))
                .containsEntry("SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS", "1");
    }

    /**
     * The environment a task gets, with its secrets filled in, bound by Spring with the application's own
     * configuration files into the settings classes the application reads: the Kafka client speaks SASL_SSL with
     * SCRAM as the secret's user, topics are created with replication 3 and min ISR 2, Postgres requires TLS.
     */
    @Test
    void theTaskEnvironmentConfiguresTheApplicationForMskAndRds() throws IOException {
        TerraformPlan plan = planned("services").plan();
        for (String system : applicationSystems()) {
            JsonNode app = containers(plan.resource("module.service[\"" + system + "\"].aws_ecs_task_definition.this"))
                    .get("streamgate");
            Map<String, Object> variables = new TreeMap<>(environment(app));
            variables.put("DATABASE_USERNAME", "streamgate");
            variables.put("DATABASE_PASSWORD", "db-password-from-the-secret");
            variables.put("KAFKA_USERNAME", "streamgate");
            variables.put("KAFKA_PASSWORD", "kafka-password-from-the-secret");
            assertThat(variables).containsKeys(secrets(app).keySet().toArray(String[]::new));
            Binder binder = applicationBinder(variables);

            KafkaProperties kafka = binder.bind("spring.kafka", KafkaProperties.class).get();
            Map<String, Object> producer = kafka.buildProducerProperties();
            assertThat(producer)
                    .containsEntry("bootstrap.servers", List.of(BROKERS.split(",")))
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                            + "required username=\"streamgate\" password=\"kafka-password-from-the-secret\";");
            assertThat(kafka.buildStreamsProperties()).containsEntry("security.protocol", "SASL_SSL")
                    .containsKey("sasl.jaas.config");

            TopicsProperties topics = binder.bindOrCreate("streamgate.topics", TopicsProperties.class);
            assertThat(topics.provision()).as("MSK has no topic operator").isTrue();
            assertThat(topics.defaults().replicationFactor()).isEqualTo((short) ClusterManifests.REPLICAS);
            assertThat(topics.defaults().minInsyncReplicas()).isEqualTo(ClusterManifests.MIN_INSYNC_REPLICAS);
            assertThat(binder.bind("streamgate.streams.state-dir", Path.class).get())
                    .as("on the task's /tmp volume").isEqualTo(Path.of("/tmp/kafka-streams"));

            assertThat(binder.bind("spring.datasource.url", String.class).get()).isEqualTo(DATABASE_URL)
                    .contains("sslmode=require");
            assertThat(binder.bind("spring.datasource.password", String.class).get())
                    .isEqualTo("db-password-from-the-secret");
            assertThat(binder.bind("streamgate.schema-registry.url", String.class).get()).isEqualTo(REGISTRY_URL);
            assertThat(binder.bind("streamgate.schema-registry.mode", String.class).get()).isEqualTo("use-latest");
            assertThat(binder.bind("streamgate.systems", String.class).get()).as("the %s service", system)
                    .isEqualTo(system);
            // The load balancer terminates TLS (its HTTPS listener, above): the prod profile's HTTPS-only edge is
            // turned off explicitly, and no edge bundle is configured.
            assertThat(binder.bind("streamgate.http.tls.required", Boolean.class).get()).as("the %s service", system)
                    .isFalse();
        }
    }

    /** The register-schemas step's script, run by sh with curl against a recording registry. */
    @Test
    void theRegistrationStepRegistersEveryCatalogueSchema() throws Exception {
        TerraformPlan plan = planned("services").plan();
        Map<String, String> scripts = new TreeMap<>();
        perSystem(plan, "aws_ecs_task_definition").forEach((system, task) ->
                scripts.put(system, containers(task).get("register-schemas").path("command").path(0).asText()));
        assertThat(scripts.values().stream().distinct()).as("the same registrations in every service").hasSize(1);
        String script = scripts.values().iterator().next();
        String curl = Terraform.onPath("curl");
        String sh = Terraform.onPath("sh");
        Terraform.requireTool(curl != null && sh != null, "sh and curl are needed to run the registration step");

        Map<String, String> received = new ConcurrentHashMap<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = exchange.getRequestMethod().equals("POST")
                    && "application/vnd.schemaregistry.v1+json".equals(
                    exchange.getRequestHeaders().getFirst("Content-Type"))
                    && path.matches("/apis/ccompat/v7/subjects/[^/]+/versions");
            if (ok) {
                received.put(path.split("/")[5], body);
            }
            byte[] answer = (ok ? "{\"id\":1}" : "{\"error_code\":404}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
        try {
            ProcessBuilder builder = new ProcessBuilder(sh, "-c", script).redirectErrorStream(true);
            builder.environment().put("SCHEMA_REGISTRY_URL",
                    "http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            registry.stop(0);
        }

        Map<String, String> expected = new TreeMap<>();
        ClusterManifests.subjects().forEach((subject, schema) ->
                expected.put(subject, ClusterManifests.registration(schema)));
        assertThat(new TreeMap<>(received)).isEqualTo(expected);
    }

    // --- helpers

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The systems of the application: its packages under io.streamgate. */
    static List<String> applicationSystems() {
        return ApplicationSystems.names();
    }

    /** The instances of a resource of the service module, by system (the module's for_each key). */
    private static Map<String, Resource> perSystem(TerraformPlan plan, String type) {
        Map<String, Resource> bySystem = new TreeMap<>();
        Pattern key = Pattern.compile("^module\\.service\\[\"([^\"]+)\"\\]\\.");
        for (Resource resource : plan.resources(type)) {
            var matcher = key.matcher(resource.address());
            if (matcher.find()) {
                assertThat(bySystem.put(matcher.group(1), resource)).as(resource.address()).isNull();
            }
        }
        return bySystem;
    }

    /** Security group rules as "to <- from:port" (ingress) or "from -> to:port" (egress), by group name. */
    private static List<String> rules(TerraformPlan plan, String type, String arrow) {
        List<String> rules = new ArrayList<>();
        for (Resource rule : plan.resources(type)) {
            String group = groupName(single(plan.referencedResources(rule.address(), "security_group_id")));
            String peer = rule.at("cidr_ipv4").isNull() && rule.unknown("referenced_security_group_id")
                    ? groupName(single(plan.referencedResources(rule.address(), "referenced_security_group_id")))
                    : rule.at("cidr_ipv4").asText();
            assertThat(rule.at("from_port").asInt()).isEqualTo(rule.at("to_port").asInt());
            assertThat(rule.at("ip_protocol").asText()).isEqualTo("tcp");
            rules.add(group + arrow + peer + ":" + rule.at("from_port").asInt());
        }
        return rules;
    }

    private static String groupName(String resource) {
        assertThat(resource).startsWith("module.firewall.aws_security_group.");
        return resource.substring("module.firewall.aws_security_group.".length());
    }

    private static Map<String, JsonNode> containers(Resource task) {
        assertThat(task.unknown("container_definitions")).as("%s known", task.address()).isFalse();
        Map<String, JsonNode> containers = new LinkedHashMap<>();
        json(task.at("container_definitions").asText()).forEach(c -> containers.put(c.path("name").asText(), c));
        return containers;
    }

    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("environment").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private static Map<String, String> secrets(JsonNode container) {
        Map<String, String> secrets = new TreeMap<>();
        container.path("secrets").forEach(e -> secrets.put(e.path("name").asText(), e.path("valueFrom").asText()));
        return secrets;
    }

    /** Spring's view of a process with these environment variables and the application's configuration files. */
    private static Binder applicationBinder(Map<String, Object> variables) {
        assertThat(variables).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        return ApplicationEnvironment.binder(variables);
    }

    /** An ALB path pattern: case-sensitive, * any characters, ? one. */
    private static Pattern albPattern(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isNull() ? null : value.asText()));
        return values;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static <T> T single(java.util.Collection<T> values) {
        assertThat(values).hasSize(1);
        return values.iterator().next();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
