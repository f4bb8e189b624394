package org.carnet.audit;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.carnet.core.DataDirectory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

/**
 * Signed checkpoints in {@code audit_checkpoints}. The payload is stored as the exact text that was signed, so that
 * it can be handed out byte for byte. Payload (JSON, keys in this order):
 * {@code {"format":"carnet-audit-checkpoint/v1","checkpoint":7,"createdAt":"...Z","keyId":"...","algorithm":"Ed25519",
 * "previousCheckpoint":"<sha256 hex of checkpoint 6's payload, or null>","streams":[{"stream":0,"streamSequence":12,
 * "sequence":40,"hash":"..."},...]}}.
 */
@Component
class CheckpointStore {

	static final String FORMAT = "carnet-audit-checkpoint/v1";

	/** Serialises checkpoint creation across replicas, so that each names the one before it. */
	private static final long CHECKPOINT_LOCK = 0x4361726e65744350L;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final JdbcTemplate jdbc;

	private final CheckpointKey key;

	CheckpointStore(JdbcTemplate jdbc, DataDirectory dataDirectory) {
		this.jdbc = jdbc;
		this.key = CheckpointKey.open(dataDirectory.resolve("keys"));
	}

	/** Signs and stores {@code heads}; must run in a transaction holding {@link #lock()}. */
	Checkpoint sign(List<StreamHead> heads) {
		Long id = jdbc.queryForObject("select nextval(pg_get_serial_sequence('audit_checkpoints', 'id'))", Long.class);
		String previousHash = jdbc
			.query("select payload from audit_checkpoints order by id desc limit 1", (rs, row) -> rs.getString(1))
			.stream()
			.findFirst()
			.map(CanonicalEncoding::sha256)
			.orElse(null);
		// the database's clock, the one replicas share: the schedule's periods are counted on it too
		Instant createdAt = jdbc.queryForObject("select clock_timestamp()", OffsetDateTime.class)
			.toInstant()
			.truncatedTo(ChronoUnit.MICROS);
		ObjectNode payload = JSON.createObjectNode();
		payload.put("format", FORMAT);
		payload.put("checkpoint", id);
		payload.put("createdAt", createdAt.toString());
		payload.put("keyId", key.keyId());
		payload.put("algorithm", CheckpointKey.ALGORITHM);
		if (previousHash == null) {
			payload.putNull("previousCheckpoint");
		}
		else {
			payload.put("previousCheckpoint", previousHash);
		}
		ArrayNode streams = payload.putArray("streams");
		for (StreamHead head : heads) {
			streams.addObject()
				.put("stream", head.stream())
				.put("streamSequence", head.streamSequence())
				.put("sequence", head.sequence())
				.put("hash", head.hash());
		}
		String text = JSON.writeValueAsString(payload);
		String signature = Base64.getEncoder().encodeToString(key.sign(text.getBytes(StandardCharsets.UTF_8)));
		jdbc.update("insert into audit_checkpoints (id, created_at, key_id, algorithm, payload, signature) "
				+ "values (?, ?, ?, ?, ?, ?)", id, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC), key.keyId(),
				CheckpointKey.ALGORITHM, text, signature);
		return new Checkpoint(id, createdAt, key.keyId(), CheckpointKey.ALGORITHM, heads, previousHash, text, signature);
	}

	/**
	 * The latest checkpoint stored as signed with this server's key. Checkpoints of an earlier key (lost, or
	 * rotated) are left to the outside witnesses that hold its public key; removing a checkpoint row is no harder than
	 * relabelling it, and the exported copies are what protect against both.
	 */
	Optional<Stored> latest() {
		return jdbc
			.query("select id, payload, signature from audit_checkpoints where key_id = ? order by id desc limit 1",
					this::stored, key.keyId())
			.stream()
			.findFirst();
	}

	/** Holds the checkpoint lock until the transaction ends, so that checkpoints follow each other. */
	void lock() {
		jdbc.query("select pg_advisory_xact_lock(?)", (ResultSetExtractor<Void>) rs -> null, CHECKPOINT_LOCK);
	}

	/**
	 * Takes the checkpoint lock if it is free, until the transaction ends; false at once when another transaction (of
	 * this or another replica) holds it.
	 */
	boolean tryLock() {
		return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class,
				CHECKPOINT_LOCK));
	}

	/**
	 * Whether a checkpoint was signed in the current period: the periods are the multiples of {@code period} since the
	 * epoch, on the database's clock (the one {@link #sign} stamps checkpoints with).
	 */
	boolean signedInPeriod(Duration period) {
		double seconds = period.toMillis() / 1000.0;
		// the latest by id: checkpoints are numbered in the order they were signed, under the lock
		return Boolean.TRUE.equals(jdbc.queryForObject("select coalesce((select created_at >= to_timestamp(floor("
				+ "extract(epoch from clock_timestamp()) / ?) * ?) from audit_checkpoints order by id desc limit 1), "
				+ "false)", Boolean.class, seconds, seconds));
	}

	Optional<Stored> find(long id) {
		return jdbc.query("select id, payload, signature from audit_checkpoints where id = ?", this::stored, id)
			.stream()
			.findFirst();
	}

	private Stored stored(ResultSet rs, int row) throws SQLException {
		long rowId = rs.getLong("id");
		Checkpoint checkpoint = read(rs.getString("payload"), rs.getString("signature"));
		return new Stored(rowId, checkpoint, authentic(checkpoint, rowId));
	}

	/** True when the payload names its own row and verifies with this server's public key. */
	private boolean authentic(Checkpoint checkpoint, long rowId) {
		if (checkpoint.id() != rowId || !key.keyId().equals(checkpoint.keyId())) {
			return false;
		}
		try {
			return key.verify(checkpoint.payload().getBytes(StandardCharsets.UTF_8),
					Base64.getDecoder().decode(checkpoint.signature()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	String publicKeyPem() {
		return key.publicKeyPem();
	}

	String keyId() {
		return key.keyId();
	}

	/** The checkpoint as an outside witness receives it (see {@link Checkpoints#export(Checkpoint)}). */
	String export(Checkpoint checkpoint) {
		ObjectNode export = JSON.createObjectNode();
		export.put("payload", checkpoint.payload());
		export.put("signature", checkpoint.signature());
		export.put("algorithm", checkpoint.algorithm());
		export.put("keyId", checkpoint.keyId());
		export.put("publicKey", key.publicKeyPem());
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(export) + "\n";
	}

	private static Checkpoint read(String payload, String signature) {
		try {
			JsonNode node = JSON.readTree(payload);
			List<StreamHead> heads = new ArrayList<>();
			for (JsonNode head : node.path("streams").values()) {
				heads.add(new StreamHead(head.path("stream").asInt(), head.path("streamSequence").asLong(),
						head.path("sequence").asLong(), head.path("hash").asString()));
			}
			JsonNode previous = node.path("previousCheckpoint");
			return new Checkpoint(node.path("checkpoint").asLong(), Instant.parse(node.path("createdAt").asString()),
					node.path("keyId").asString(), node.path("algorithm").asString(), heads,
					previous.isNull() || previous.isMissingNode() ? null : previous.asString(), payload, signature);
		}
		catch (RuntimeException ex) {
			// an altered payload: keep it so that verification can report it; with id -1 it is never authentic
			return new Checkpoint(-1, Instant.EPOCH, "", CheckpointKey.ALGORITHM, List.of(), null, payload, signature);
		}
	}

	/**
	 * A checkpoint as stored.
	 *
	 * @param rowId its row's id
	 * @param checkpoint what its payload says
	 * @param authentic whether the payload names that row and its signature verifies with this server's key
	 */
	record Stored(long rowId, Checkpoint checkpoint, boolean authentic) {
	}
}
