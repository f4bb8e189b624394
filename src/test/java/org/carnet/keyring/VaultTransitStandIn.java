package org.carnet.keyring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A STAND-IN for HashiCorp Vault, for tests only: Vault cannot be installed on the build machines. It is not a mock
 * of Carnet's code but a small, real HTTP server that answers exactly the Vault endpoints Carnet calls, with Vault's
 * request and response shapes, status codes and error messages (taken from Vault's transit engine), so that the
 * production client ({@link VaultKeyEncryptionKeys} over the vault-java-driver) is tested as it runs against Vault:
 * <ul>
 * <li>{@code transit/keys/:name} (create, read), {@code /config} ({@code min_decryption_version},
 * {@code deletion_allowed}, ...), {@code /rotate};</li>
 * <li>{@code transit/datakey/{wrapped,plaintext}/:name}, {@code transit/decrypt/:name} and
 * {@code transit/rewrap/:name}, single and {@code batch_input} with per-item errors (HTTP 400 when an item
 * failed, as Vault does);</li>
 * <li>{@code sys/health} (503 when sealed), {@code auth/token/lookup-self}, {@code auth/token/renew-self},
 * {@code auth/approle/login}.</li>
 * </ul>
 * Cryptography is real: versioned AES-256-GCM keys, ciphertexts {@code vault:v<n>:base64(nonce|ciphertext|tag)},
 * derived keys (HKDF-SHA256 of the version's key with the request's context, as Vault's {@code hkdf_sha256} KDF)
 * that refuse requests without a context, {@code min_decryption_version} enforced. Errors are Vault's
 * {@code {"errors":[...]}}: 403 for a missing, unknown or expired token, 400 for a wrong context or an invalid
 * ciphertext, 503 for every request while sealed.
 * <p>
 * Switches for failure tests: {@link #seal()} / {@link #unseal()}, {@link #latency(Duration)} (every answer waits),
 * {@link #sealAfter(String, int)} (seal in the middle of a run). Counters ({@link #requests(String)}) let tests and
 * the benchmark count what reached "Vault".
 * <p>
 * Not covered, because Carnet does not use them: other key types, convergent encryption, encrypt, export, backup,
 * trim, key deletion, policies (every valid token may do everything), namespaces.
 */
final class VaultTransitStandIn implements AutoCloseable {

	static final String ROOT_TOKEN = "stand-in-root-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String MISSING_CONTEXT = "missing 'context' for key derivation; the key was created using a "
			+ "derived key, which means additional, per-request information must be included in order to perform "
			+ "operations with the key";

	static {
		// The JDK server writes headers and body separately: without this, Nagle's algorithm and delayed
		// acknowledgements add ~40 ms to every answer, which is not what talking to Vault costs.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final String mount;

	private final Map<String, TransitKey> keys = new ConcurrentHashMap<>();

	private final Map<String, Token> tokens = new ConcurrentHashMap<>();

	private final Map<String, AppRole> appRoles = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();

	private volatile boolean sealed;

	private volatile Duration latency = Duration.ZERO;

	private volatile String sealAfterOperation;

	private final AtomicInteger sealAfterRemaining = new AtomicInteger();

	private VaultTransitStandIn(HttpServer server, String mount) {
		this.server = server;
		this.mount = mount;
		this.executor = Executors.newFixedThreadPool(8, task -> {
			Thread thread = new Thread(task, "vault-stand-in");
			thread.setDaemon(true);
			return thread;
		});
		tokens.put(ROOT_TOKEN, new Token(ROOT_TOKEN, null, Duration.ZERO, false, List.of("root")));
		server.createContext("/", this::handle);
		server.setExecutor(executor);
		server.start();
	}

	/** A stand-in over plain HTTP on a free port of 127.0.0.1, transit mounted at {@code transit}. */
	static VaultTransitStandIn start() {
		return start(0);
	}

	static VaultTransitStandIn start(int port) {
		try {
			return new VaultTransitStandIn(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
					port), 64), "transit");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A stand-in over HTTPS, presenting the certificate of {@code tls}. */
	static VaultTransitStandIn startTls(SSLContext tls) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
			server.setHttpsConfigurator(new HttpsConfigurator(tls));
			return new VaultTransitStandIn(server, "transit");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Runs the stand-in by hand, e.g. to try Carnet with {@code carnet.keyring=vault} where no Vault can be installed:
	 * {@code VaultTransitStandIn [port] [country...]} creates a KEK per country and prints the address and token.
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = args.length > 0 ? Integer.parseInt(args[0]) : 8200;
		VaultTransitStandIn vault = start(port);
		TransitAdmin admin = new TransitAdmin(vault.address(), ROOT_TOKEN);
		for (int i = 1; i < args.length; i++) {
			admin.createKek("transit", "carnet-" + args[i].toLowerCase(java.util.Locale.ROOT));
		}
		System.out.println("Vault transit STAND-IN (tests only) at " + vault.address() + ", token " + ROOT_TOKEN);
		Thread.currentThread().join();
	}

	String address() {
		String scheme = server instanceof HttpsServer ? "https" : "http";
		return scheme + "://127.0.0.1:" + server.getAddress().getPort();
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}

	// Switches and set-up for tests.

	void seal() {
		sealed = true;
	}

	void unseal() {
		sealed = false;
		sealAfterOperation = null;
	}

	boolean sealed() {
		return sealed;
	}

	/** Every answer waits this long first (a slow or overloaded Vault). */
	void latency(Duration delay) {
		latency = delay;
	}

	/** Answers {@code count} more requests of {@code operation} (e.g. {@code rewrap}), then seals itself. */
	void sealAfter(String operation, int count) {
		sealAfterRemaining.set(count);
		sealAfterOperation = operation;
	}

	/** A token with the given lifetime, as {@code vault token create -ttl=... [-renewable]} would give. */
	String issueToken(Duration ttl, boolean renewable) {
		String id = "hvs.standin-" + UUID.randomUUID();
		tokens.put(id, new Token(id, Instant.now().plus(ttl), ttl, renewable, List.of("carnet")));
		return id;
	}

	/** Forgets every token but the root token, as a revocation (or a restarted dev server) would. */
	void revokeTokens() {
		tokens.keySet().removeIf(id -> !id.equals(ROOT_TOKEN));
	}

	/** An AppRole whose logins get tokens of the given lifetime (renewable). */
	void appRole(String roleId, String secretId, Duration tokenTtl) {
		appRoles.put(roleId, new AppRole(secretId, tokenTtl));
	}

	/** Requests of an operation answered so far (e.g. {@code decrypt}, {@code decrypt-items}, {@code renew-self}). */
	int requests(String operation) {
		AtomicInteger counter = counters.get(operation);
		return counter == null ? 0 : counter.get();
	}

	/** Every request received, whatever its answer. */
	int requests() {
		return requests("all");
	}

	void resetCounters() {
		counters.clear();
	}

	int latestVersion(String key) {
		return keys.get(key).versions.size();
	}

	// HTTP.

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			count("all");
			sleep(latency);
			Answer answer;
			try {
				answer = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("X-Vault-Token"), exchange.getRequestBody());
			}
			catch (BadRequest ex) {
				answer = errors(400, ex.getMessage());
			}
			catch (RuntimeException ex) {
				answer = errors(500, "internal error: " + ex);
			}
			byte[] body = answer.body() == null ? new byte[0] : JSON.writeValueAsBytes(answer.body());
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	private Answer route(String method, String path, String token, InputStream in) {
		if (!path.startsWith("/v1/")) {
			return errors(404);
		}
		String[] p = path.substring(4).split("/");
		boolean read = method.equals("GET");
		boolean write = method.equals("POST") || method.equals("PUT");
		if (p.length == 2 && p[0].equals("sys") && p[1].equals("health") && (read || method.equals("HEAD"))) {
			count("health");
			return health();
		}
		if (sealed) {
			count("sealed-refusals");
			return errors(503, "Vault is sealed");
		}
		JsonNode body = write ? parse(in) : JSON.createObjectNode();
		if (p.length == 3 && p[0].equals("sys") && p[1].equals("mounts") && write) {
			// Only so that a test's set-up can "enable" the one transit mount there is, as against a real Vault.
			count("mount");
			if (!tokens.containsKey(token) || !ROOT_TOKEN.equals(token)) {
				return errors(403, "permission denied");
			}
			return p[2].equals(mount) ? errors(400, "path is already in use at " + mount + "/")
					: errors(400, "the stand-in has one transit mount, at " + mount + "/");
		}
		if (p.length == 3 && p[0].equals("auth") && p[1].equals("approle") && p[2].equals("login") && write) {
			count("login");
			return appRoleLogin(body);
		}
		Token caller = token == null ? null : tokens.get(token);
		if (caller == null || caller.expired()) {
			count("forbidden");
			return errors(403, "permission denied");
		}
		if (p.length == 3 && p[0].equals("auth") && p[1].equals("token")) {
			if (p[2].equals("lookup-self") && read) {
				count("lookup-self");
				return lookupSelf(caller);
			}
			if (p[2].equals("renew-self") && write) {
				count("renew-self");
				return renewSelf(caller);
			}
		}
		if (p.length >= 3 && p[0].equals(mount)) {
			String operation = p[1];
			if (operation.equals(sealAfterOperation) && sealAfterRemaining.getAndDecrement() <= 0) {
				sealed = true;
				count("sealed-refusals");
				return errors(503, "Vault is sealed");
			}
			synchronized (this) {
				if (operation.equals("keys") && p.length == 3 && read) {
					count("keys-read");
					TransitKey key = keys.get(p[2]);
					return key == null ? errors(404) : ok(key.describe());
				}
				if (operation.equals("keys") && p.length == 3 && write) {
					count("keys-create");
					return createKey(p[2], body);
				}
				if (operation.equals("keys") && p.length == 4 && p[3].equals("config") && write) {
					count("config");
					return configure(p[2], body);
				}
				if (operation.equals("keys") && p.length == 4 && p[3].equals("rotate") && write) {
					count("rotate");
					TransitKey key = keys.get(p[2]);
					if (key == null) {
						return errors(400, "no existing key named " + p[2] + " could be found");
					}
					key.addVersion();
					return ok(key.describe());
				}
				if (operation.equals("datakey") && p.length == 4 && write) {
					count("datakey");
					return dataKey(p[2], p[3], body);
				}
				if (operation.equals("decrypt") && p.length == 3 && write) {
					return decrypt(p[2], body);
				}
				if (operation.equals("rewrap") && p.length == 3 && write) {
					return rewrap(p[2], body);
				}
			}
		}
		return errors(read || write ? 404 : 405);
	}

	// Endpoints.

	private Answer health() {
		ObjectNode health = JSON.createObjectNode()
			.put("initialized", true)
			.put("sealed", sealed)
			.put("standby", false)
			.put("performance_standby", false)
			.put("replication_performance_mode", "disabled")
			.put("replication_dr_mode", "disabled")
			.put("server_time_utc", Instant.now().getEpochSecond())
			.put("version", "stand-in")
			.put("cluster_name", "vault-transit-stand-in");
		return new Answer(sealed ? 503 : 200, health);
	}

	private Answer appRoleLogin(JsonNode body) {
		AppRole role = appRoles.get(text(body, "role_id"));
		if (role == null || !role.secretId().equals(text(body, "secret_id"))) {
			return errors(400, "invalid role or secret ID");
		}
		String id = "hvs.standin-" + UUID.randomUUID();
		Token token = new Token(id, Instant.now().plus(role.tokenTtl()), role.tokenTtl(), true, List.of("carnet"));
		tokens.put(id, token);
		return auth(token);
	}

	private Answer lookupSelf(Token token) {
		ObjectNode data = JSON.createObjectNode()
			.put("id", token.id())
			.put("accessor", "accessor-" + token.id().hashCode())
			.put("display_name", token.policies().contains("root") ? "root" : "approle")
			.put("path", token.policies().contains("root") ? "auth/token/root" : "auth/approle/login")
			.put("renewable", token.renewable())
			.put("ttl", token.remainingSeconds())
			.put("creation_ttl", token.ttl().toSeconds())
			.put("num_uses", 0)
			.put("orphan", true)
			.put("type", "service");
		data.putPOJO("expire_time", token.expiresAt() == null ? null : token.expiresAt().toString());
		ArrayNode policies = data.putArray("policies");
		token.policies().forEach(policies::add);
		return ok(data);
	}

	private Answer renewSelf(Token token) {
		if (!token.renewable()) {
			return errors(400, "lease is not renewable");
		}
		token.renew();
		return auth(token);
	}

	private Answer createKey(String name, JsonNode body) {
		String type = text(body, "type");
		if (!type.isEmpty() && !type.equals("aes256-gcm96")) {
			throw new BadRequest("the stand-in supports only aes256-gcm96 keys, not " + type);
		}
		if (bool(body, "convergent_encryption")) {
			throw new BadRequest("the stand-in does not support convergent encryption");
		}
		TransitKey existing = keys.get(name);
		if (existing != null) {
			ObjectNode answer = envelope(existing.describe());
			answer.putArray("warnings").add("key " + name + " already existed");
			return new Answer(200, answer);
		}
		TransitKey key = new TransitKey(name, bool(body, "derived"), bool(body, "exportable"),
				bool(body, "allow_plaintext_backup"));
		keys.put(name, key);
		return ok(key.describe());
	}

	private Answer configure(String name, JsonNode body) {
		TransitKey key = keys.get(name);
		if (key == null) {
			return errors(400, "no existing key named " + name + " could be found");
		}
		List<String> warnings = new ArrayList<>();
		if (body.has("min_decryption_version")) {
			int min = integer(body, "min_decryption_version");
			if (min < 0) {
				throw new BadRequest("min decryption version cannot be negative");
			}
			if (min == 0) {
				min = 1;
				warnings.add("since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1");
			}
			if (min > key.versions.size()) {
				throw new BadRequest("cannot set min decryption version of " + min + ", latest key version is "
						+ key.versions.size());
			}
			key.minDecryptionVersion = min;
		}
		if (body.has("min_encryption_version")) {
			int min = integer(body, "min_encryption_version");
			if (min < 0 || min > key.versions.size()) {
				throw new BadRequest("cannot set min encryption version of " + min + ", latest key version is "
						+ key.versions.size());
			}
			key.minEncryptionVersion = min;
		}
		if (body.has("deletion_allowed")) {
			key.deletionAllowed = bool(body, "deletion_allowed");
		}
		if (bool(body, "exportable")) {
			key.exportable = true; // once set, never unset
		}
		if (bool(body, "allow_plaintext_backup")) {
			key.allowPlaintextBackup = true;
		}
		ObjectNode answer = envelope(key.describe());
		if (!warnings.isEmpty()) {
			ArrayNode list = answer.putArray("warnings");
			warnings.forEach(list::add);
		}
		return new Answer(200, answer);
	}

	private Answer dataKey(String type, String name, JsonNode body) {
		if (!type.equals("plaintext") && !type.equals("wrapped")) {
			throw new BadRequest("invalid type");
		}
		TransitKey key = keys.get(name);
		if (key == null) {
			return errors(400, "encryption key not found");
		}
		int bits = body.has("bits") ? integer(body, "bits") : 256;
		if (bits != 128 && bits != 256 && bits != 512) {
			throw new BadRequest("invalid bits value");
		}
		byte[] context = decodeContext(text(body, "context"));
		byte[] plaintext = new byte[bits / 8];
		RANDOM.nextBytes(plaintext);
		int version = key.versions.size();
		ObjectNode data = JSON.createObjectNode()
			.put("ciphertext", key.encrypt(version, context, plaintext))
			.put("key_version", version);
		if (type.equals("plaintext")) {
			data.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
		}
		return ok(data);
	}

	private Answer decrypt(String name, JsonNode body) {
		boolean batch = body.has("batch_input");
		count(batch ? "decrypt-batch" : "decrypt");
		List<JsonNode> items = items(body, "missing ciphertext to decrypt");
		TransitKey key = keys.get(name);
		if (key == null) {
			return errors(400, "encryption key not found");
		}
		ArrayNode results = JSON.createArrayNode();
		int failures = 0;
		for (JsonNode item : items) {
			count("decrypt-items");
			ObjectNode result = JSON.createObjectNode();
			try {
				byte[] plaintext = key.decrypt(text(item, "ciphertext"), decodeContext(text(item, "context")));
				result.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
			}
			catch (BadRequest ex) {
				result.put("plaintext", "").put("error", ex.getMessage());
				failures++;
			}
			result.put("reference", text(item, "reference"));
			results.add(result);
		}
		return itemsAnswer(batch, results, failures, body, "plaintext");
	}

	private Answer rewrap(String name, JsonNode body) {
		boolean batch = body.has("batch_input");
		count(batch ? "rewrap-batch" : "rewrap");
		List<JsonNode> items = items(body, "missing ciphertext to decrypt");
		TransitKey key = keys.get(name);
		if (key == null) {
			return errors(400, "encryption key not found");
		}
		ArrayNode results = JSON.createArrayNode();
		int failures = 0;
		for (JsonNode item : items) {
			count("rewrap-items");
			ObjectNode result = JSON.createObjectNode();
			try {
				byte[] context = decodeContext(text(item, "context"));
				byte[] plaintext = key.decrypt(text(item, "ciphertext"), context);
				int version = item.has("key_version") ? integer(item, "key_version") : 0;
				version = version == 0 ? key.versions.size() : version;
				if (version > key.versions.size() || (key.minEncryptionVersion > 0
						&& version < key.minEncryptionVersion)) {
					throw new BadRequest("cannot encrypt with version " + version);
				}
				result.put("ciphertext", key.encrypt(version, context, plaintext)).put("key_version", version);
			}
			catch (BadRequest ex) {
				result.put("error", ex.getMessage());
				failures++;
			}
			result.put("reference", text(item, "reference"));
			results.add(result);
		}
		return itemsAnswer(batch, results, failures, body, "ciphertext");
	}

	/** The single answer, or the batch answer with Vault's status rules (400 when an item failed). */
	private Answer itemsAnswer(boolean batch, ArrayNode results, int failures, JsonNode body, String field) {
		if (!batch) {
			JsonNode only = results.get(0);
			if (only.has("error")) {
				return errors(400, only.get("error").stringValue());
			}
			ObjectNode data = JSON.createObjectNode().put(field, only.get(field).stringValue());
			if (only.has("key_version")) {
				data.put("key_version", only.get("key_version").intValue());
			}
			return ok(data);
		}
		ObjectNode data = JSON.createObjectNode();
		data.set("batch_results", results);
		int status = 200;
		if (failures > 0) {
			status = 400;
			if (failures < results.size() && body.has("partial_failure_response_code")) {
				status = integer(body, "partial_failure_response_code");
			}
		}
		return new Answer(status, envelope(data));
	}

	/** The request's items: its {@code batch_input}, or itself as the only item. */
	private static List<JsonNode> items(JsonNode body, String missing) {
		List<JsonNode> items = new ArrayList<>();
		if (body.has("batch_input")) {
			JsonNode input = body.get("batch_input");
			if (!input.isArray() || input.isEmpty()) {
				throw new BadRequest("missing batch input to process");
			}
			input.forEach(items::add);
		}
		else {
			if (text(body, "ciphertext").isEmpty()) {
				throw new BadRequest(missing);
			}
			items.add(body);
		}
		boolean contextSet = !text(items.get(0), "context").isEmpty();
		for (JsonNode item : items) {
			if (text(item, "context").isEmpty() == contextSet) {
				throw new BadRequest("context should be set either in all the request blocks or in none");
			}
		}
		return items;
	}

	// Answers.

	private Answer ok(ObjectNode data) {
		return new Answer(200, envelope(data));
	}

	private static ObjectNode envelope(ObjectNode data) {
		ObjectNode body = JSON.createObjectNode()
			.put("request_id", UUID.randomUUID().toString())
			.put("lease_id", "")
			.put("renewable", false)
			.put("lease_duration", 0);
		body.set("data", data);
		body.putNull("wrap_info");
		body.putNull("warnings");
		body.putNull("auth");
		return body;
	}

	private static Answer auth(Token token) {
		ObjectNode auth = JSON.createObjectNode()
			.put("client_token", token.id())
			.put("accessor", "accessor-" + token.id().hashCode())
			.put("lease_duration", token.ttl().toSeconds())
			.put("renewable", token.renewable())
			.put("entity_id", "")
			.put("token_type", "service")
			.put("orphan", true);
		ArrayNode policies = auth.putArray("policies");
		token.policies().forEach(policies::add);
		ObjectNode body = JSON.createObjectNode()
			.put("request_id", UUID.randomUUID().toString())
			.put("lease_id", "")
			.put("renewable", false)
			.put("lease_duration", 0);
		body.putNull("data");
		body.putNull("wrap_info");
		body.putNull("warnings");
		body.set("auth", auth);
		return new Answer(200, body);
	}

	private static Answer errors(int status, String... messages) {
		ObjectNode body = JSON.createObjectNode();
		ArrayNode errors = body.putArray("errors");
		for (String message : messages) {
			errors.add(message);
		}
		return new Answer(status, body);
	}

	private void count(String operation) {
		counters.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
	}

	// Request fields, decoded as leniently as Vault's weak decoding.

	private static JsonNode parse(InputStream in) {
		try {
			byte[] bytes = in.readAllBytes();
			if (bytes.length == 0) {
				return JSON.createObjectNode();
			}
			JsonNode node = JSON.readTree(bytes);
			if (!node.isObject()) {
				throw new BadRequest("failed to parse JSON input: not an object");
			}
			return node;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof BadRequest bad) {
				throw bad;
			}
			throw new BadRequest("failed to parse JSON input: " + ex.getMessage());
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return "";
		}
		return value.isString() ? value.stringValue() : value.toString();
	}

	private static boolean bool(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(text(node, field));
	}

	private static int integer(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value != null && value.canConvertToInt() && value.isIntegralNumber()) {
			return value.intValue();
		}
		try {
			return Integer.parseInt(text(node, field));
		}
		catch (NumberFormatException ex) {
			throw new BadRequest("error converting input " + text(node, field) + " for field \"" + field + "\"");
		}
	}

	private static byte[] decodeContext(String context) {
		if (context.isEmpty()) {
			return new byte[0];
		}
		try {
			return Base64.getDecoder().decode(context);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("illegal base64 data at input byte 0");
		}
	}

	private static void sleep(Duration delay) {
		if (delay.isZero()) {
			return;
		}
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** HKDF-SHA256 (RFC 5869) without salt, one block: Vault's {@code hkdf_sha256} key derivation. */
	static byte[] hkdfSha256(byte[] key, byte[] info) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
			byte[] pseudoRandomKey = mac.doFinal(key);
			mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
			mac.update(info);
			mac.update((byte) 1);
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Answer(int status, ObjectNode body) {
	}

	/** A user error: Vault answers 400 with the message. */
	private static final class BadRequest extends RuntimeException {

		BadRequest(String message) {
			super(message);
		}
	}

	private record AppRole(String secretId, Duration tokenTtl) {
	}

	private static final class Token {

		private final String id;

		private final Duration ttl;

		private final boolean renewable;

		private final List<String> policies;

		private volatile Instant expiresAt;

		Token(String id, Instant expiresAt, Duration ttl, boolean renewable, List<String> policies) {
			this.id = id;
			this.expiresAt = expiresAt;
			this.ttl = ttl;
			this.renewable = renewable;
			this.policies = policies;
		}

		String id() {
			return id;
		}

		Instant expiresAt() {
			return expiresAt;
		}

		Duration ttl() {
			return ttl;
		}

		boolean renewable() {
			return renewable;
		}

		List<String> policies() {
			return policies;
		}

		boolean expired() {
			return expiresAt != null && Instant.now().isAfter(expiresAt);
		}

		long remainingSeconds() {
			return expiresAt == null ? 0 : Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
		}

		void renew() {
			expiresAt = Instant.now().plus(ttl);
		}
	}

	/** One named transit key: its versions (index 0 is version 1) and configuration. */
	private static final class TransitKey {

		private final String name;

		private final boolean derived;

		private final List<byte[]> versions = new ArrayList<>();

		private final List<Long> created = new ArrayList<>();

		private boolean exportable;

		private boolean allowPlaintextBackup;

		private boolean deletionAllowed;

		private int minDecryptionVersion = 1;

		private int minEncryptionVersion;

		TransitKey(String name, boolean derived, boolean exportable, boolean allowPlaintextBackup) {
			this.name = name;
			this.derived = derived;
			this.exportable = exportable;
			this.allowPlaintextBackup = allowPlaintextBackup;
			addVersion();
		}

		void addVersion() {
			byte[] key = new byte[32];
			RANDOM.nextBytes(key);
			versions.add(key);
			created.add(Instant.now().getEpochSecond());
		}

		ObjectNode describe() {
			ObjectNode data = JSON.createObjectNode()
				.put("name", name)
				.put("type", "aes256-gcm96")
				.put("derived", derived)
				.put("deletion_allowed", deletionAllowed)
				.put("exportable", exportable)
				.put("allow_plaintext_backup", allowPlaintextBackup)
				.put("latest_version", versions.size())
				.put("min_available_version", 0)
				.put("min_decryption_version", minDecryptionVersion)
				.put("min_encryption_version", minEncryptionVersion)
				.put("supports_encryption", true)
				.put("supports_decryption", true)
				.put("supports_derivation", true)
				.put("supports_signing", false)
				.put("auto_rotate_period", 0)
				.put("imported_key", false);
			if (derived) {
				data.put("kdf", "hkdf_sha256").put("convergent_encryption", false);
			}
			ObjectNode versionTimes = data.putObject("keys");
			for (int i = 0; i < created.size(); i++) {
				versionTimes.put(Integer.toString(i + 1), created.get(i));
			}
			return data;
		}

		String encrypt(int version, byte[] context, byte[] plaintext) {
			byte[] nonce = new byte[12];
			RANDOM.nextBytes(nonce);
			try {
				Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
				cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(version, context), "AES"),
						new GCMParameterSpec(128, nonce));
				byte[] sealed = cipher.doFinal(plaintext);
				byte[] blob = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
				return "vault:v" + version + ":" + Base64.getEncoder().encodeToString(blob);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		byte[] decrypt(String ciphertext, byte[] context) {
			if (ciphertext.isEmpty()) {
				throw new BadRequest("missing ciphertext to decrypt");
			}
			if (!ciphertext.startsWith("vault:")) {
				throw new BadRequest("invalid ciphertext: no prefix");
			}
			String[] parts = ciphertext.substring("vault:".length()).split(":", 2);
			if (parts.length != 2 || !parts[0].startsWith("v")) {
				throw new BadRequest("invalid ciphertext: wrong number of fields");
			}
			int version;
			try {
				version = Integer.parseInt(parts[0].substring(1));
			}
			catch (NumberFormatException ex) {
				throw new BadRequest("invalid ciphertext: version number could not be decoded");
			}
			if (version > versions.size()) {
				throw new BadRequest("invalid ciphertext: version is too new");
			}
			if (version < minDecryptionVersion) {
				throw new BadRequest("ciphertext or signature version is disallowed by policy (too old)");
			}
			byte[] blob;
			try {
				blob = Base64.getDecoder().decode(parts[1]);
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequest("invalid ciphertext: could not decode base64");
			}
			if (blob.length < 12 + 16) {
				throw new BadRequest("invalid ciphertext: unable to decrypt");
			}
			try {
				Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
				cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(version, context), "AES"),
						new GCMParameterSpec(128, blob, 0, 12));
				return cipher.doFinal(blob, 12, blob.length - 12);
			}
			catch (AEADBadTagException ex) {
				throw new BadRequest("cipher: message authentication failed");
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** The key of a version, derived per context when the key is derived. */
		private byte[] key(int version, byte[] context) {
			byte[] key = versions.get(version - 1);
			if (!derived) {
				return key;
			}
			if (context.length == 0) {
				throw new BadRequest(MISSING_CONTEXT);
			}
			return Arrays.copyOf(hkdfSha256(key, context), 32);
		}
	}
}
