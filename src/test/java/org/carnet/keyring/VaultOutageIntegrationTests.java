package org.carnet.keyring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Vault unreachable, slow or sealed: a request that needs a key not in the cache fails closed within 2 seconds,
 * keys already cached keep working until their cache entry expires, and everything works again once Vault is back,
 * without a restart. No data key is ever logged or stored unwrapped along the way.
 */
class VaultOutageIntegrationTests {

	static final Jurisdiction GREECE = Jurisdiction.of("GR");

	static final Duration TTL = Duration.ofMinutes(5);

	static final long FAIL_WITHIN_MILLIS = 2000;

	static VaultTransitStandIn vault;

	static VaultKeyEncryptionKeys keyring;

	final AtomicLong clock = new AtomicLong();

	PersonKeys personKeys;

	@BeforeAll
	static void startVault() {
		vault = VaultTransitStandIn.start();
		new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN).createKek("transit", "carnet-gr");
		keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN));
	}

	@AfterAll
	static void stopVault() {
		keyring.close();
		vault.close();
	}

	@BeforeEach
	void vaultIsUp() {
		vault.unseal();
		vault.latency(Duration.ZERO);
		KeyringDatabase.clear();
		personKeys = new PersonKeys(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()), KeyringDatabase.invalidations(),
				new KeyCacheSettings(TTL, 1000), clock::get, new SimpleMeterRegistry());
	}

	@AfterEach
	void vaultIsUpAgain() {
		vault.unseal();
		vault.latency(Duration.ZERO);
	}

	@Test
	void sealedVaultFailsAnUncachedKeyClosedWithinTwoSeconds() {
		PersonId person = registered();
		vault.seal();

		long started = System.nanoTime();
		assertThatThrownBy(() -> personKeys.cipher(person)).isInstanceOf(KeyringUnavailable.class)
			.hasMessageContaining("sealed");
		assertThat(millisSince(started)).isLessThan(FAIL_WITHIN_MILLIS);
	}

	@Test
	void vaultSlowerThanTheTimeoutFailsAnUncachedKeyClosedWithinTwoSeconds() {
		PersonId person = registered();
		vault.latency(Duration.ofSeconds(5));

		long started = System.nanoTime();
		assertThatThrownBy(() -> personKeys.cipher(person)).isInstanceOf(KeyringUnavailable.class)
			.hasMessageContaining("did not answer within 1 s");
		assertThat(millisSince(started)).isLessThan(FAIL_WITHIN_MILLIS);
	}

	@Test
	void unreachableVaultFailsAnUncachedKeyClosedWithinTwoSeconds() throws IOException {
		PersonId person = registered();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (VaultKeyEncryptionKeys nowhere = VaultKeyEncryptionKeys
			.open(VaultSettings.of("http://127.0.0.1:" + closedPort, VaultTransitStandIn.ROOT_TOKEN))) {
			PersonKeys cut = new PersonKeys(nowhere, new WrappedKeyStore(KeyringDatabase.jdbc()), KeyringDatabase.invalidations(),
					new KeyCacheSettings(TTL, 1000), new SimpleMeterRegistry());

			long started = System.nanoTime();
			assertThatThrownBy(() -> cut.cipher(person)).isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("refused the connection");
			assertThat(millisSince(started)).isLessThan(FAIL_WITHIN_MILLIS);
		}
	}

	@Test
	void vaultThatNeverAcceptsTheConnectionFailsAnUncachedKeyClosedWithinTwoSeconds() throws IOException {
		PersonId person = registered();
		// A listening socket that never accepts: once its backlog is full, new connections hang in the handshake.
		try (ServerSocket hung = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<java.net.Socket> fillers = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					java.net.Socket filler = new java.net.Socket();
					filler.connect(hung.getLocalSocketAddress(), 200);
					fillers.add(filler);
				}
			}
			catch (IOException full) {
				// The backlog is full: exactly what this test needs.
			}
			try (VaultKeyEncryptionKeys blackHole = VaultKeyEncryptionKeys
				.open(VaultSettings.of("http://127.0.0.1:" + hung.getLocalPort(), VaultTransitStandIn.ROOT_TOKEN))) {
				PersonKeys cut = new PersonKeys(blackHole, new WrappedKeyStore(KeyringDatabase.jdbc()),
						KeyringDatabase.invalidations(), new KeyCacheSettings(TTL, 1000), new SimpleMeterRegistry());

				long started = System.nanoTime();
				assertThatThrownBy(() -> cut.cipher(person)).isInstanceOf(KeyringUnavailable.class);
				assertThat(millisSince(started)).isLessThan(FAIL_WITHIN_MILLIS);
			}
			finally {
				for (java.net.Socket filler : fillers) {
					filler.close();
				}
			}
		}
	}

	@Test
	void cachedKeysKeepWorkingWhileVaultIsSealedUntilTheirEntryExpires() {
		PersonId person = registered();
		byte[] record = personKeys.cipher(person).encrypt(aad(person), "O negative".getBytes(StandardCharsets.UTF_8));
		vault.seal();

		clock.addAndGet(TTL.minusSeconds(1).toNanos());
		assertThat(personKeys.cipher(person).decrypt(aad(person), record)).asString(StandardCharsets.UTF_8)
			.isEqualTo("O negative");

		clock.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThatThrownBy(() -> personKeys.cipher(person)).isInstanceOf(KeyringUnavailable.class);
	}

	@Test
	void recoversWithoutARestartOnceVaultIsUnsealed() {
		PersonId person = registered();
		vault.seal();
		assertThatThrownBy(() -> personKeys.cipher(person)).isInstanceOf(KeyringUnavailable.class);
		assertThatThrownBy(() -> personKeys.create(PersonId.random(), GREECE)).isInstanceOf(KeyringUnavailable.class);

		vault.unseal();

		assertThat(personKeys.cipher(person)).isNotNull();
		PersonId registeredAfter = PersonId.random();
		personKeys.create(registeredAfter, GREECE);
		assertThat(personKeys.cipher(registeredAfter)).isNotNull();
	}

	@Test
	void noDataKeyIsEverLoggedOrStoredUnwrapped() {
		List<ILoggingEvent> events = captureAllLogs();
		List<PersonId> persons = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			persons.add(registered());
		}
		// Unwrap singly, in a batch, in a batch with one refused key, while sealed, slow and back.
		List<byte[]> dataKeys = new ArrayList<>();
		for (PersonId person : persons) {
			dataKeys.add(keyring.unwrap(stored(person)));
		}
		personKeys.ciphers(persons);
		List<WrappedKey> withIntruder = new ArrayList<>();
		persons.forEach(p -> withIntruder.add(stored(p)));
		withIntruder.add(new WrappedKey(PersonId.random(), GREECE, stored(persons.get(0)).wrapped()));
		keyring.unwrapAll(withIntruder);
		personKeys.evictAll();
		vault.seal();
		assertThatThrownBy(() -> personKeys.ciphers(persons)).isInstanceOf(KeyringUnavailable.class);
		vault.unseal();
		vault.latency(Duration.ofSeconds(3));
		assertThatThrownBy(() -> personKeys.ciphers(persons)).isInstanceOf(KeyringUnavailable.class);
		vault.latency(Duration.ZERO);
		new KeyRotation(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()), new RotationStore(KeyringDatabase.dataSource()),
				KeyringDatabase.transactions(), new RotationSettings(2, false))
			.rotate(GREECE, false);
		stopCapturing();

		List<String> stored = KeyringDatabase.jdbc().sql("select wrapped_key from person_keys").query(String.class).list();
		StringBuilder everything = new StringBuilder(String.join("\n", stored));
		for (ILoggingEvent event : events) {
			everything.append('\n').append(event.getFormattedMessage());
			for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
				everything.append('\n').append(thrown.getMessage());
			}
		}
		assertThat(events).isNotEmpty();
		assertThat(stored).hasSize(5).allSatisfy(wrapped -> assertThat(wrapped).startsWith("vault:v2:"));
		for (byte[] dataKey : dataKeys) {
			assertThat(everything.toString()).doesNotContain(Base64.getEncoder().encodeToString(dataKey))
				.doesNotContain(HexFormat.of().formatHex(dataKey))
				.doesNotContain(Base64.getEncoder().encodeToString(dataKey).substring(0, 16));
		}
	}

	private ListAppender<ILoggingEvent> appender;

	/** Captures every log event of Carnet and of the Vault driver (which logs through java.util.logging). */
	private List<ILoggingEvent> captureAllLogs() {
		appender = new ListAppender<>();
		appender.start();
		for (String name : new String[] { "org.carnet", "io.github.jopenlibs" }) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			logger.addAppender(appender);
			logger.setLevel(Level.TRACE);
		}
		org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
		org.slf4j.bridge.SLF4JBridgeHandler.install();
		java.util.logging.Logger.getLogger("io.github.jopenlibs").setLevel(java.util.logging.Level.ALL);
		return appender.list;
	}

	private void stopCapturing() {
		for (String name : new String[] { "org.carnet", "io.github.jopenlibs" }) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			logger.detachAppender(appender);
			logger.setLevel(null);
		}
		org.slf4j.bridge.SLF4JBridgeHandler.uninstall();
		java.util.logging.Logger.getLogger("io.github.jopenlibs").setLevel(null);
	}

	private PersonId registered() {
		PersonId person = PersonId.random();
		personKeys.create(person, GREECE);
		return person;
	}

	private static WrappedKey stored(PersonId person) {
		return new WrappedKeyStore(KeyringDatabase.jdbc()).find(List.of(person)).get(0);
	}

	private static long millisSince(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000;
	}

	private static byte[] aad(PersonId person) {
		return ("person:" + person + "/section:vitals/entry:1").getBytes(StandardCharsets.UTF_8);
	}
}
