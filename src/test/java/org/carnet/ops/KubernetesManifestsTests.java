package org.carnet.ops;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The manifests of {@code ops/kubernetes}, checked offline against the Kubernetes API's own types (fabric8's model of
 * every built-in kind): an unknown kind, a misspelled field or a value of the wrong type fails the build. The
 * CloudNativePG {@code Cluster} is a custom resource whose schema no Maven, npm or Debian package ships: it is checked
 * against the fields of that CRD this deployment uses ({@code cnpg-cluster-fields.yaml} beside this test), so a typo
 * fails there too, but a field of the CRD that the list lacks is refused until it is added. The kustomization itself
 * is rendered with {@code kubectl kustomize} when {@code kubectl} is installed (Debian: {@code kubernetes-client}).
 */
class KubernetesManifestsTests {

	private static final Path FOLDER = Path.of("ops/kubernetes");

	private static final JsonMapper KUBERNETES = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	@Test
	void everyManifestOfTheKustomizationValidatesAgainstTheKubernetesSchemas() throws Exception {
		List<Map<String, Object>> documents = listedDocuments();
		assertThat(documents).extracting(document -> document.get("kind"))
			.contains("Deployment", "PodDisruptionBudget", "NetworkPolicy", "Service", "Cluster");
		for (Map<String, Object> document : documents) {
			assertThat(problems(document)).as(describe(document)).isEmpty();
		}
	}

	@Test
	void aMisspelledFieldOrAWrongValueIsRefused() throws Exception {
		String deployment = Files.readString(FOLDER.resolve("deployment.yaml"));
		assertThat(problems(single(deployment.replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:"))))
			.anySatisfy(problem -> assertThat(problem).contains("readOnlyRootFileSystem"));
		assertThat(problems(single(deployment.replace("replicas: 2", "replicas: two")))).isNotEmpty();
		assertThat(problems(single(deployment.replace("kind: Deployment", "kind: Deploymnet")))).isNotEmpty();

		String cluster = Files.readString(FOLDER.resolve("postgres-cluster.yaml"));
		assertThat(problems(single(cluster.replace("dataDurability:", "dataDurabilty:"))))
			.anySatisfy(problem -> assertThat(problem).contains("dataDurabilty"));
		assertThat(problems(single(cluster.replace("instances: 3", "instances: three")))).isNotEmpty();
	}

	@Test
	void theDeploymentRunsTwoHardenedReplicasProbedOnTheManagementPort() throws Exception {
		Map<String, Object> document = listedDocuments().stream()
			.filter(candidate -> "Deployment".equals(candidate.get("kind")))
			.findFirst()
			.orElseThrow();
		Deployment deployment = KUBERNETES.convertValue(document, Deployment.class);
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		Container carnet = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(carnet.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(carnet.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(carnet.getPorts()).anySatisfy(port -> {
			assertThat(port.getName()).isEqualTo("management");
			assertThat(port.getContainerPort()).isEqualTo(8081);
		});
		assertThat(List.of(carnet.getLivenessProbe(), carnet.getReadinessProbe(), carnet.getStartupProbe()))
			.allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
		assertThat(carnet.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(carnet.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(carnet.getResources().getLimits()).containsKey("memory");
		assertThat(carnet.getEnv()).filteredOn(env -> env.getValueFrom() != null)
			.extracting(env -> env.getValueFrom().getSecretKeyRef().getName())
			.contains("carnet-db-app", "carnet-db-owner", "carnet-vault-approle", "carnet-share-codes");

		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		for (Map<String, Object> other : listedDocuments()) {
			if ("PodDisruptionBudget".equals(other.get("kind"))) {
				PodDisruptionBudget budget = KUBERNETES.convertValue(other, PodDisruptionBudget.class);
				assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
			}
			if ("NetworkPolicy".equals(other.get("kind"))
					&& "carnet".equals(((Map<?, ?>) other.get("metadata")).get("name"))) {
				NetworkPolicy policy = KUBERNETES.convertValue(other, NetworkPolicy.class);
				assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
				assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
			}
		}
	}

	@Test
	void theRenderedKustomizationValidatesAndPutsEverythingInItsNamespace() throws Exception {
		Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed (Debian: apt-get install "
				+ "kubernetes-client): the kustomization is not rendered here; its files are validated one by one");
		Process render = new ProcessBuilder("kubectl", "kustomize", FOLDER.toString()).redirectErrorStream(true)
			.start();
		String rendered = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(render.exitValue()).as(rendered).isZero();
		List<Map<String, Object>> documents = documents(rendered);
		assertThat(documents).hasSameSizeAs(listedDocuments());
		for (Map<String, Object> document : documents) {
			assertThat(problems(document)).as(describe(document)).isEmpty();
			Map<?, ?> metadata = (Map<?, ?>) document.get("metadata");
			if (!"Namespace".equals(document.get("kind"))) {
				assertThat(metadata.get("namespace")).as(describe(document)).isEqualTo("carnet");
			}
		}
		assertThat(rendered).contains("image: registry.example.org/carnet:");
	}

	// ------------------------------------------------------------------------------------------------------------

	/** Every document of every file that the kustomization lists. */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> listedDocuments() throws Exception {
		Map<String, Object> kustomization = (Map<String, Object>) documents(
				Files.readString(FOLDER.resolve("kustomization.yaml")))
			.get(0);
		List<Map<String, Object>> all = new ArrayList<>();
		for (Object resource : (List<Object>) kustomization.get("resources")) {
			all.addAll(documents(Files.readString(FOLDER.resolve(resource.toString()))));
		}
		return all;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> documents(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	private static Map<String, Object> single(String yaml) {
		return documents(yaml).get(0);
	}

	/** What is wrong with one manifest; empty when it is valid. */
	static List<String> problems(Map<String, Object> document) throws Exception {
		if ("postgresql.cnpg.io/v1".equals(document.get("apiVersion")) && "Cluster".equals(document.get("kind"))) {
			return CustomResourceFields.load(Path.of("src/test/resources/ops/cnpg-cluster-fields.yaml"))
				.problems(document);
		}
		KubernetesResource resource;
		try {
			resource = KUBERNETES.convertValue(document, KubernetesResource.class);
		}
		catch (RuntimeException ex) {
			return List.of(ex.getMessage());
		}
		if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata)) {
			return List.of("unknown kind " + document.get("kind") + " of " + document.get("apiVersion"));
		}
		List<String> problems = new ArrayList<>();
		unknownFields(resource, document.get("kind").toString(), problems, new IdentityHashMap<>());
		return problems;
	}

	/**
	 * fabric8's types keep a field they do not know in {@code additionalProperties} instead of refusing it: walk the
	 * object and report each one.
	 */
	private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen)
			throws Exception {
		if (value == null || seen.containsKey(value)) {
			return;
		}
		if (value instanceof Collection<?> list) {
			int index = 0;
			for (Object element : list) {
				unknownFields(element, path + "[" + index++ + "]", problems, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				unknownFields(entry.getValue(), path + "." + entry.getKey(), problems, seen);
			}
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		seen.put(value, true);
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| getter.getDeclaringClass() == Object.class
					|| !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
				continue;
			}
			Object property = getter.invoke(value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (property instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
					unknown.keySet().forEach(name -> problems.add(path + ": unknown field '" + name + "'"));
				}
				continue;
			}
			String name = getter.getName().replaceFirst("^(get|is)", "");
			unknownFields(property, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems,
					seen);
		}
	}

	private static String describe(Map<String, Object> document) {
		return document.get("kind") + " " + ((Map<?, ?>) document.get("metadata")).get("name");
	}

	private static boolean onPath(String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch(folder -> Files.isExecutable(Path.of(folder, program)));
	}
}
