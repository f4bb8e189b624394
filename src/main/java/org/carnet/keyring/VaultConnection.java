package org.carnet.keyring;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated session with Vault through the vault-java-driver: the HTTP client (TLS with the configured CA,
 * connect timeout), the token (given, or obtained by AppRole login and obtained again when it is refused) and its
 * renewal at half its lifetime. Answers are returned with their status; turning them into Carnet's errors is the
 * caller's business, except that a Vault that cannot answer at all (unreachable, timed out, sealed, failing) is
 * always {@link KeyringUnavailable}.
 * <p>
 * Response bodies are never put into exception messages or logs: a batch answer can hold plaintext data keys.
 */
final class VaultConnection implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(VaultConnection.class);

	private static final long FIRST_RETRY_SECONDS = 10;

	private static final long LAST_RETRY_SECONDS = 300;

	private final VaultSettings settings;

	private final HttpClient http;

	private final ScheduledExecutorService renewals;

	private final LongAdder calls = new LongAdder();

	private volatile Vault vault;

	private ScheduledFuture<?> nextRenewal;

	/** Seconds before the next attempt after a failed lookup, renewal or login: doubles up to five minutes. */
	private long retrySeconds = FIRST_RETRY_SECONDS;

	private VaultConnection(VaultSettings settings, HttpClient http) {
		this.settings = settings;
		this.http = http;
		this.renewals = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "carnet-vault-token");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Connects with the given settings. Does not fail when Vault is down: requests fail closed until it is back, and
	 * an AppRole login is retried on the next request.
	 */
	static VaultConnection open(VaultSettings settings) {
		settings.check();
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.openTimeout());
		if (settings.caFile() != null) {
			http.sslContext(trusting(settings));
		}
		VaultConnection connection = new VaultConnection(settings, http.build());
		if (settings.appRole() != null && settings.appRole().configured()) {
			try {
				connection.login();
			}
			catch (KeyringUnavailable ex) {
				log.warn("Vault AppRole login failed ({}); it is tried again on the next request", ex.getMessage());
			}
		}
		else {
			connection.vault = connection.driver(settings.token());
			connection.scheduleFromLookup();
		}
		return connection;
	}

	/** Sends a request: {@code body} null for a read (GET), else a write (POST). */
	VaultAnswer send(String path, JsonObject body) {
		for (int attempt = 0;; attempt++) {
			Vault current = session();
			calls.increment();
			LogicalResponse response;
			try {
				response = body == null ? current.logical().read(path) : current.logical().write(path, fields(body));
			}
			catch (VaultException ex) {
				throw unavailable(ex);
			}
			RestResponse rest = response.getRestResponse();
			if (rest.getStatus() == 403 && attempt == 0 && usesAppRole()) {
				log.info("Vault refused the AppRole token (expired or revoked); logging in again");
				vault = null;
				continue;
			}
			return new VaultAnswer(rest.getStatus(), parse(rest.getBody()));
		}
	}

	/** Vault's health ({@code sys/health}), for the start-up log. */
	String health() {
		try {
			VaultAnswer answer = new VaultAnswer(200, parse(driver(null).logical().read("sys/health")
				.getRestResponse().getBody()));
			JsonObject body = answer.body();
			return "initialized=" + body.getBoolean("initialized", false) + ", sealed="
					+ body.getBoolean("sealed", true) + ", version=" + body.getString("version", "?");
		}
		catch (VaultException ex) {
			return ex.getHttpStatusCode() == 503 ? "sealed (503)" : unavailable(ex).getMessage();
		}
		catch (RuntimeException ex) {
			return "unknown (" + ex.getClass().getSimpleName() + ")";
		}
	}

	/** HTTP requests sent to Vault since start, logins and renewals included. */
	long calls() {
		return calls.sum();
	}

	@Override
	public void close() {
		renewals.shutdownNow();
	}

	private boolean usesAppRole() {
		return settings.appRole() != null && settings.appRole().configured();
	}

	private Vault session() {
		Vault current = vault;
		if (current != null) {
			return current;
		}
		synchronized (this) {
			if (vault == null) {
				login();
			}
			return vault;
		}
	}

	private synchronized void login() {
		VaultSettings.AppRole role = settings.appRole();
		AuthResponse auth;
		try {
			calls.increment();
			auth = driver(null).auth().loginByAppRole(role.mount(), role.roleId(), role.secretId());
		}
		catch (VaultException ex) {
			if (ex.getHttpStatusCode() >= 400 && ex.getHttpStatusCode() < 500) {
				throw new KeyringUnavailable("Vault refused the AppRole login (" + ex.getHttpStatusCode()
						+ "): check carnet.vault.app-role.role-id and secret-id", null);
			}
			throw unavailable(ex);
		}
		vault = driver(auth.getAuthClientToken());
		retrySeconds = FIRST_RETRY_SECONDS;
		log.info("Logged in to Vault at {} with AppRole (token valid for {} s, renewable: {})", settings.address(),
				auth.getAuthLeaseDuration(), auth.isAuthRenewable());
		schedule(auth.getAuthLeaseDuration(), auth.isAuthRenewable());
	}

	/** A token given by configuration: learn its lifetime to renew it in time. */
	private void scheduleFromLookup() {
		try {
			calls.increment();
			LookupResponse lookup = vault.auth().lookupSelf();
			retrySeconds = FIRST_RETRY_SECONDS;
			if (lookup.getTTL() <= 0) {
				log.info("The Vault token does not expire (no TTL): no renewal needed");
				return;
			}
			if (!lookup.isRenewable()) {
				log.warn("The Vault token expires in {} s and is not renewable: Carnet will fail closed once it has "
						+ "expired; prefer AppRole or a renewable (periodic) token", lookup.getTTL());
				return;
			}
			schedule(lookup.getTTL(), true);
		}
		catch (VaultException ex) {
			if (ex.getHttpStatusCode() == 403) {
				log.error("Vault refuses the configured token (403): Carnet fails closed until it is given a valid "
						+ "carnet.vault.token");
				return;
			}
			long delay = nextRetry();
			log.warn("Could not look up the Vault token ({}); trying again in {} s", describe(ex), delay);
			later(this::scheduleFromLookup, delay * 1000);
		}
	}

	private void schedule(long ttlSeconds, boolean renewable) {
		if (!settings.renewToken() || !renewable || ttlSeconds <= 0) {
			return;
		}
		later(this::renew, Math.max(1000, ttlSeconds * 1000 / 2));
	}

	private void renew() {
		Vault current = vault;
		if (current == null) {
			return;
		}
		try {
			calls.increment();
			AuthResponse auth = current.auth().renewSelf();
			log.debug("Renewed the Vault token for {} s", auth.getAuthLeaseDuration());
			retrySeconds = FIRST_RETRY_SECONDS;
			schedule(auth.getAuthLeaseDuration(), auth.isAuthRenewable());
		}
		catch (VaultException ex) {
			boolean refused = ex.getHttpStatusCode() >= 400 && ex.getHttpStatusCode() < 500;
			if (refused && usesAppRole()) {
				try {
					login();
					return;
				}
				catch (KeyringUnavailable loginFailed) {
					long delay = nextRetry();
					log.warn("Vault AppRole login failed ({}); trying again in {} s", loginFailed.getMessage(), delay);
					later(this::renew, delay * 1000);
					return;
				}
			}
			if (refused) {
				log.error("Vault refused to renew the configured token ({}): it has expired or was revoked; Carnet "
						+ "fails closed until it is given a valid carnet.vault.token", ex.getHttpStatusCode());
				return;
			}
			long delay = nextRetry();
			log.warn("Could not renew the Vault token ({}); trying again in {} s", describe(ex), delay);
			later(this::renew, delay * 1000);
		}
	}

	private synchronized long nextRetry() {
		long delay = retrySeconds;
		retrySeconds = Math.min(LAST_RETRY_SECONDS, retrySeconds * 2);
		return delay;
	}

	private String describe(VaultException ex) {
		return ex.getHttpStatusCode() == 0 ? unavailable(ex).getMessage() : "status " + ex.getHttpStatusCode();
	}

	private synchronized void later(Runnable task, long delayMillis) {
		if (renewals.isShutdown()) {
			return;
		}
		if (nextRenewal != null) {
			nextRenewal.cancel(false);
		}
		nextRenewal = renewals.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
	}

	private Vault driver(String token) {
		try {
			VaultConfig config = new VaultConfig().address(settings.address())
				.engineVersion(1)
				.readTimeout(settings.readTimeoutSeconds())
				.httpClient(http);
			if (token != null) {
				config.token(token);
			}
			return Vault.create(config.build());
		}
		catch (VaultException ex) {
			throw new IllegalStateException("Invalid Vault settings: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Vault could not answer. The driver's message is kept only for transport failures: for an HTTP status it holds
	 * the response body.
	 */
	private KeyringUnavailable unavailable(VaultException ex) {
		int status = ex.getHttpStatusCode();
		if (status == 503) {
			return new KeyringUnavailable("Vault at " + settings.address() + " is sealed or not active (503)", null);
		}
		if (status != 0) {
			return new KeyringUnavailable("Vault at " + settings.address() + " failed with status " + status, null);
		}
		String what;
		Throwable cause;
		if ((cause = find(ex, HttpConnectTimeoutException.class)) != null) {
			what = "could not be reached within " + settings.openTimeout().toMillis() + " ms";
		}
		else if ((cause = find(ex, HttpTimeoutException.class)) != null) {
			what = "did not answer within " + settings.readTimeoutSeconds() + " s";
		}
		else if ((cause = find(ex, ConnectException.class)) != null) {
			what = "refused the connection";
		}
		else if ((cause = find(ex, SSLException.class)) != null) {
			what = "failed the TLS handshake (" + cause.getMessage() + "): check carnet.vault.ca-file";
		}
		else {
			cause = ex.getCause() == null ? ex : ex.getCause();
			what = "could not be reached (" + cause.getClass().getSimpleName() + ")";
		}
		return new KeyringUnavailable("Vault at " + settings.address() + " " + what, cause);
	}

	/** The first exception of the given type in the chain of causes, or null. */
	private static Throwable find(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (type.isInstance(cause)) {
				return cause;
			}
		}
		return null;
	}

	private static Map<String, Object> fields(JsonObject body) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (JsonObject.Member member : body) {
			fields.put(member.getName(), member.getValue());
		}
		return fields;
	}

	private static JsonObject parse(byte[] body) {
		if (body == null || body.length == 0) {
			return new JsonObject();
		}
		try {
			JsonValue value = Json.parse(new String(body, StandardCharsets.UTF_8));
			return value.isObject() ? value.asObject() : new JsonObject();
		}
		catch (RuntimeException ex) {
			// Not JSON: a proxy's error page, say. The status alone must do.
			return new JsonObject();
		}
	}

	private static SSLContext trusting(VaultSettings settings) {
		try (InputStream in = Files.newInputStream(settings.caFile())) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new IllegalStateException("carnet.vault.ca-file " + settings.caFile() + " holds no certificate");
			}
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			int i = 0;
			for (Certificate certificate : certificates) {
				trusted.setCertificateEntry("vault-ca-" + i++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read carnet.vault.ca-file " + settings.caFile() + ": "
					+ ex.getMessage(), ex);
		}
	}

	/** One answer of Vault: its HTTP status and its JSON body (empty when it had none). */
	record VaultAnswer(int status, JsonObject body) {

		/** The {@code data} object of a successful answer, empty when there is none. */
		JsonObject data() {
			JsonValue data = body.get("data");
			return data != null && data.isObject() ? data.asObject() : new JsonObject();
		}

		/** Vault's error messages, joined; never the rest of the body. */
		String errors() {
			JsonValue errors = body.get("errors");
			if (errors == null || !errors.isArray() || errors.asArray().isEmpty()) {
				return "no message";
			}
			StringBuilder joined = new StringBuilder();
			for (JsonValue error : errors.asArray()) {
				if (joined.length() > 0) {
					joined.append("; ");
				}
				joined.append(error.isString() ? error.asString().trim() : error.toString());
			}
			return joined.toString();
		}

		@Override
		public String toString() {
			return "VaultAnswer[status=" + status + "]";
		}
	}
}
