package org.carnet.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.carnet.core.DataDirectory;
import org.carnet.database.BackupCommand.BackupFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup of Carnet's data directory and its restore into a fresh one.
 * <p>
 * The embedded database is copied online: on one superuser session {@code pg_backup_start} (with an immediate
 * checkpoint), a copy of the server's files, {@code pg_backup_stop}, whose backup label goes into the copy, then the
 * write-ahead log from the backup's start to its end. PostgreSQL, started on the restored copy, replays that log up to
 * the end of the backup and is then consistent (as a copy made by {@code pg_basebackup}, which the embedded
 * binaries do not ship). A server that is not running is started for the copy and stopped after it. The rest of the
 * data directory (database passwords, local key-encryption keys, token and checkpoint signing keys, the share-code
 * pepper) is copied after the database, so that the key store is at least as new as the keys the copy wraps.
 * <p>
 * Every file is listed in {@value #MANIFEST} with its size and SHA-256, written last: a folder without it is an
 * unfinished backup, and restore refuses it, as it refuses a file that does not match.
 */
final class DataDirectoryBackup {

	static final String MANIFEST = "carnet-backup.manifest";

	static final String DATA = "data";

	private static final String FORMAT = "carnet-backup 1";

	private static final Logger log = LoggerFactory.getLogger(DataDirectoryBackup.class);

	/** Server files that are not copied (PostgreSQL's documentation of the low-level API). */
	private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
			"backup_label.old", "tablespace_map", "backup_manifest", "postgresql.auto.conf.tmp");

	/** Server folders whose content is not copied: made anew, or the log, which is copied after the stop. */
	private static final Set<String> EMPTIED_FOLDERS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
			"pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

	/** Files of the data directory that are never part of a backup: half-written or one-off. */
	private static final Pattern TRANSIENT = Pattern.compile(".*\\.new|postgres-initdb\\.pw|pgsql_tmp.*");

	private static final Pattern START_WAL = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");

	private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");

	private final Path dataDir;

	private final DatabaseSettings settings;

	private final boolean externalDatabase;

	private final String keyring;

	DataDirectoryBackup(Path dataDir, DatabaseSettings settings, boolean externalDatabase, String keyring) {
		this.dataDir = dataDir;
		this.settings = settings;
		this.externalDatabase = externalDatabase;
		this.keyring = keyring;
	}

	// ---------------------------------------------------------------------------------------------------- backup

	void backup(Path target) {
		long started = System.nanoTime();
		if (!Files.isDirectory(dataDir)) {
			throw new BackupFailed("Nothing to back up: the data directory " + dataDir + " does not exist");
		}
		requireEmpty(target, "The backup folder");
		Path pgData = dataDir.resolve("postgres");
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("format", FORMAT);
		facts.put("created", Instant.now().toString());
		facts.put("data-dir", dataDir.toString());
		try {
			createOwnerOnlyDirectories(target.resolve(DATA));
			if (externalDatabase) {
				facts.put("database", "external: not in this backup (dump it with pg_dump -Fc, docs/operations.md)");
			}
			else if (Files.exists(pgData.resolve("PG_VERSION"))) {
				facts.putAll(copyEmbeddedDatabase(pgData, target.resolve(DATA).resolve("postgres")));
			}
			else {
				throw new BackupFailed("Nothing to back up: no embedded database in " + pgData
						+ " (with an external server, set SPRING_DATASOURCE_URL as Carnet runs with it)");
			}
			copyTree(dataDir, target.resolve(DATA), path -> !path.startsWith(pgData));
			facts.put("keyring", keyring.equals("vault")
					? "vault: the key-encryption keys are in Vault, not in this backup (back Vault up with its Raft "
							+ "snapshots, ops/vault/README.md)"
					: "local: keys/kek.p12 and keys/kek.pass");
			Map<String, Path> files = listFiles(target.resolve(DATA));
			writeManifest(target, facts, listDirectories(target.resolve(DATA)), files);
			log.info("Backup of {} written to {}: {} files, {} MB, in {} ms ({})", dataDir, target, files.size(),
					totalSize(files.values()) / (1024 * 1024), (System.nanoTime() - started) / 1_000_000,
					facts.getOrDefault("database", ""));
		}
		catch (IOException ex) {
			throw new BackupFailed("The backup to " + target + " failed: " + DiskSpace.explain(target, ex), ex);
		}
	}

	private Map<String, String> copyEmbeddedDatabase(Path pgData, Path copy) throws IOException {
		Optional<Integer> runningPort = runningServerPort(pgData);
		if (runningPort.isPresent()) {
			log.info("Copying the running embedded PostgreSQL in {} online (port {})", pgData, runningPort.get());
			return copyOnline(pgData, runningPort.get(), copy);
		}
		log.info("The embedded PostgreSQL in {} is not running: starting it for the copy", pgData);
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pgData, settings)) {
			return copyOnline(pgData, server.port(), copy);
		}
	}

	private Map<String, String> copyOnline(Path pgData, int port, Path copy) throws IOException {
		String password = superuserPassword();
		try (Connection connection = DriverManager.getConnection(
				"jdbc:postgresql://localhost:" + port + "/" + EmbeddedPostgresServer.DATABASE,
				DatabasePasswords.SUPERUSER, password); Statement statement = connection.createStatement()) {
			String serverData = single(statement, "select current_setting('data_directory')");
			if (!Path.of(serverData).toRealPath().equals(pgData.toRealPath())) {
				throw new BackupFailed("The server on port " + port + " serves " + serverData + ", not " + pgData);
			}
			String version = single(statement, "select current_setting('server_version')");
			try (PreparedStatement start = connection.prepareStatement("select pg_backup_start(?, true)")) {
				start.setString(1, "carnet backup " + Instant.now());
				start.execute();
			}
			boolean stopped = false;
			try {
				copyServerFiles(pgData, copy);
				String label;
				String tablespaceMap;
				String stopSegment;
				String stopLsn;
				try (ResultSet stop = statement.executeQuery("select lsn::text, labelfile, spcmapfile, "
						+ "pg_walfile_name(lsn) from pg_backup_stop(false)")) {
					stop.next();
					stopLsn = stop.getString(1);
					label = stop.getString(2);
					tablespaceMap = stop.getString(3);
					stopSegment = stop.getString(4);
				}
				stopped = true;
				Files.writeString(copy.resolve("backup_label"), label, StandardCharsets.UTF_8);
				if (tablespaceMap != null && !tablespaceMap.isBlank()) {
					throw new BackupFailed("The embedded database has tablespaces of its own, which this backup "
							+ "does not copy");
				}
				Matcher startWal = START_WAL.matcher(label);
				if (!startWal.find()) {
					throw new BackupFailed("Unexpected backup label from PostgreSQL: " + label);
				}
				int segments = copyWriteAheadLog(pgData.resolve("pg_wal"), copy.resolve("pg_wal"), startWal.group(1),
						stopSegment);
				Map<String, String> facts = new LinkedHashMap<>();
				facts.put("database", "embedded PostgreSQL " + version + ", copied online (pg_backup_start / "
						+ "pg_backup_stop), write-ahead log " + startWal.group(1) + " to " + stopSegment + " ("
						+ segments + " segments), consistent at " + stopLsn);
				return facts;
			}
			finally {
				if (!stopped) {
					abortQuietly(statement);
				}
			}
		}
		catch (SQLException ex) {
			throw new BackupFailed("The online copy of the embedded database failed: " + ex.getMessage(), ex);
		}
	}

	private static void abortQuietly(Statement statement) {
		try {
			statement.execute("select pg_backup_stop(false)");
		}
		catch (SQLException ex) {
			// the session ends with the connection, which ends the backup as well
		}
	}

	private static String single(Statement statement, String query) throws SQLException {
		try (ResultSet rows = statement.executeQuery(query)) {
			rows.next();
			return rows.getString(1);
		}
	}

	/** The server's files but the log and the folders PostgreSQL makes anew; a file dropped meanwhile is skipped. */
	private static void copyServerFiles(Path pgData, Path copy) throws IOException {
		Files.walkFileTree(pgData, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
				createOwnerOnlyDirectories(copy.resolve(pgData.relativize(dir).toString()));
				if (!dir.equals(pgData) && dir.getParent().equals(pgData)
						&& EMPTIED_FOLDERS.contains(dir.getFileName().toString())) {
					if (dir.getFileName().toString().equals("pg_wal")) {
						createOwnerOnlyDirectories(copy.resolve("pg_wal").resolve("archive_status"));
					}
					return FileVisitResult.SKIP_SUBTREE;
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				String name = file.getFileName().toString();
				boolean topLevel = file.getParent().equals(pgData);
				if ((topLevel && SKIPPED_FILES.contains(name)) || TRANSIENT.matcher(name).matches()) {
					return FileVisitResult.CONTINUE;
				}
				copyOwnerOnly(file, copy.resolve(pgData.relativize(file).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE; // dropped while copying: the log replays its removal
				}
				throw ex;
			}
		});
	}

	/** The log segments from the backup's start to its end (names of one timeline sort in log order). */
	private static int copyWriteAheadLog(Path wal, Path copy, String first, String last) throws IOException {
		int copied = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(wal)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				boolean segment = SEGMENT.matcher(name).matches() && name.compareTo(first) >= 0
						&& name.compareTo(last) <= 0;
				if (segment || name.endsWith(".history")) {
					copyOwnerOnly(file, copy.resolve(name));
					copied += segment ? 1 : 0;
				}
			}
		}
		for (String needed : List.of(first, last)) {
			if (!Files.exists(copy.resolve(needed))) {
				throw new BackupFailed("The write-ahead log segment " + needed + " was recycled before it was copied "
						+ "(much was written during the backup): run the backup again");
			}
		}
		return copied;
	}

	/** The port of a live server of this data folder, from its {@code postmaster.pid}; empty when none runs. */
	static Optional<Integer> runningServerPort(Path pgData) throws IOException {
		Path pidFile = pgData.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.size() < 4) {
			return Optional.empty();
		}
		try {
			long pid = Long.parseLong(lines.get(0).trim());
			Optional<ProcessHandle> process = ProcessHandle.of(pid);
			if (process.isEmpty() || !process.get().isAlive()
					|| !process.get().info().commandLine().orElse("").contains("postgres")) {
				return Optional.empty();
			}
			return Optional.of(Integer.parseInt(lines.get(3).trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private String superuserPassword() throws IOException {
		Path file = dataDir.resolve(DatabasePasswords.FILE);
		if (!Files.exists(file)) {
			throw new BackupFailed("The passwords of the embedded database are missing (" + file + ")");
		}
		return DatabasePasswords.readOrCreate(file, List.of(DatabasePasswords.SUPERUSER))
			.of(DatabasePasswords.SUPERUSER);
	}

	// --------------------------------------------------------------------------------------------------- restore

	void restore(Path source) {
		long started = System.nanoTime();
		Path manifest = source.resolve(MANIFEST);
		if (!Files.exists(manifest)) {
			throw new BackupFailed("No backup in " + source + ": its manifest " + MANIFEST + " is missing (a backup "
					+ "that did not finish has none)");
		}
		requireEmpty(dataDir, "The data directory to restore into (carnet.data-dir)");
		try {
			Manifest listed = readManifest(manifest);
			verify(source.resolve(DATA), listed);
			boolean embedded = listed.facts().getOrDefault("database", "").startsWith("embedded");
			if (externalDatabase && embedded) {
				log.warn("This backup holds the embedded database, while SPRING_DATASOURCE_URL names an external one: "
						+ "restoring the files only");
			}
			createOwnerOnlyDirectories(dataDir);
			for (String directory : listed.directories()) {
				createOwnerOnlyDirectories(dataDir.resolve(directory));
			}
			for (String relative : listed.files().keySet()) {
				copyOwnerOnly(source.resolve(DATA).resolve(relative), dataDir.resolve(relative));
			}
			if (embedded && !externalDatabase) {
				// PostgreSQL replays the copied log up to the end of the backup: consistent from here on
				try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
						settings); Connection connection = server.superuser().getConnection();
						Statement statement = connection.createStatement()) {
					String persons = single(statement, "select count(*) from person_keys");
					log.info("The restored database started and is consistent: {} persons' keys", persons);
				}
				catch (SQLException ex) {
					throw new BackupFailed("The restored database started but could not be read: " + ex.getMessage(),
							ex);
				}
			}
			writeRestoredNote(listed, sha256(manifest));
			log.info("Backup {} ({}) restored into {} in {} ms: start Carnet with carnet.data-dir={}", source,
					listed.facts().get("created"), dataDir, (System.nanoTime() - started) / 1_000_000, dataDir);
		}
		catch (IOException ex) {
			throw new BackupFailed("The restore into " + dataDir + " failed: " + DiskSpace.explain(dataDir, ex), ex);
		}
	}

	/**
	 * Leaves the note that the first start turns into a ledger event: the backup's time and its manifest's digest
	 * (never a path, which may name a person's machine or folder).
	 */
	private void writeRestoredNote(Manifest listed, String manifestDigest) throws IOException {
		String note = "# Carnet records this restore in its audit ledger at its next start, then deletes this file.\n"
				+ "backup-created=" + listed.facts().getOrDefault("created", "unknown").replaceAll("[\\r\\n]", " ")
				+ "\nmanifest-sha256=" + manifestDigest + "\nrestored-at=" + Instant.now() + "\n";
		try (OutputStream out = ownerOnlyOutput(dataDir.resolve(DataDirectory.RESTORED_NOTE))) {
			out.write(note.getBytes(StandardCharsets.ISO_8859_1));
		}
	}

	private static void verify(Path data, Manifest listed) throws IOException {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, Entry> file : listed.files().entrySet()) {
			Path path = data.resolve(file.getKey());
			if (!Files.isRegularFile(path)) {
				problems.add(file.getKey() + " is missing");
			}
			else if (Files.size(path) != file.getValue().size()) {
				problems.add(file.getKey() + " has " + Files.size(path) + " bytes, not " + file.getValue().size());
			}
			else if (!sha256(path).equals(file.getValue().sha256())) {
				problems.add(file.getKey() + " does not match its checksum");
			}
		}
		if (!problems.isEmpty()) {
			throw new BackupFailed("The backup is damaged, nothing was restored: " + String.join("; ",
					problems.subList(0, Math.min(10, problems.size())))
					+ (problems.size() > 10 ? " (and " + (problems.size() - 10) + " more)" : ""));
		}
	}

	// ----------------------------------------------------------------------------------------------- manifest

	record Entry(long size, String sha256) {
	}

	record Manifest(Map<String, String> facts, List<String> directories, Map<String, Entry> files) {
	}

	private static void writeManifest(Path target, Map<String, String> facts, List<String> directories,
			Map<String, Path> files) throws IOException {
		StringBuilder text = new StringBuilder("# A backup of Carnet's data directory. Restore it with\n"
				+ "#   java -jar carnet.jar --carnet.data-dir=<a fresh folder> --carnet.restore=" + target + "\n"
				+ "# It holds the keys to the records: keep it as safe as the server itself.\n");
		facts.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
		// PostgreSQL needs its empty folders too
		directories.forEach(directory -> text.append("directory ").append(directory).append('\n'));
		text.append("files: ").append(files.size()).append('\n');
		for (Map.Entry<String, Path> file : files.entrySet()) {
			text.append(sha256(file.getValue())).append(' ').append(Files.size(file.getValue())).append(' ')
				.append(file.getKey()).append('\n');
		}
		Path temporary = target.resolve(MANIFEST + ".new");
		try (OutputStream out = ownerOnlyOutput(temporary)) {
			out.write(text.toString().getBytes(StandardCharsets.UTF_8));
		}
		Files.move(temporary, target.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
	}

	static Manifest readManifest(Path manifest) throws IOException {
		List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
		Map<String, String> facts = new LinkedHashMap<>();
		Map<String, Entry> files = new TreeMap<>();
		List<String> directories = new ArrayList<>();
		Pattern file = Pattern.compile("([0-9a-f]{64}) (\\d+) (.+)");
		for (String line : lines) {
			if (line.startsWith("#") || line.isBlank()) {
				continue;
			}
			Matcher listed = file.matcher(line);
			if (listed.matches()) {
				files.put(inside(listed.group(3)), new Entry(Long.parseLong(listed.group(2)), listed.group(1)));
			}
			else if (line.startsWith("directory ")) {
				directories.add(inside(line.substring("directory ".length())));
			}
			else if (line.contains(": ")) {
				facts.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2));
			}
		}
		if (!FORMAT.equals(facts.get("format"))) {
			throw new BackupFailed("Not a Carnet backup manifest, or of another format: " + manifest);
		}
		if (!String.valueOf(files.size()).equals(facts.get("files"))) {
			throw new BackupFailed("The manifest " + manifest + " lists " + files.size() + " files but says "
					+ facts.get("files"));
		}
		return new Manifest(facts, directories, files);
	}

	private static String inside(String relative) {
		if (relative.isEmpty() || Path.of(relative).isAbsolute() || Path.of(relative).normalize().startsWith("..")) {
			throw new BackupFailed("The manifest names a path outside the backup: " + relative);
		}
		return relative;
	}

	// ------------------------------------------------------------------------------------------------- files

	private static void requireEmpty(Path folder, String what) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> content = Files.list(folder)) {
			if (content.findAny().isPresent()) {
				throw new BackupFailed(what + " " + folder + " is not empty: give a new or empty folder");
			}
		}
		catch (IOException ex) {
			throw new BackupFailed(what + " " + folder + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> included) throws IOException {
		Files.walkFileTree(from, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				return included.test(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				if (included.test(file) && attributes.isRegularFile()
						&& !TRANSIENT.matcher(file.getFileName().toString()).matches()) {
					copyOwnerOnly(file, to.resolve(from.relativize(file).toString()));
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private static Map<String, Path> listFiles(Path root) throws IOException {
		Map<String, Path> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(root)) {
			walk.filter(Files::isRegularFile).forEach(file -> files.put(root.relativize(file).toString(), file));
		}
		return files;
	}

	private static List<String> listDirectories(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter(Files::isDirectory).filter(folder -> !folder.equals(root))
				.map(folder -> root.relativize(folder).toString()).sorted().toList();
		}
	}

	private static long totalSize(Iterable<Path> files) throws IOException {
		long total = 0;
		for (Path file : files) {
			total += Files.size(file);
		}
		return total;
	}

	private static void copyOwnerOnly(Path from, Path to) throws IOException {
		createOwnerOnlyDirectories(to.getParent());
		Files.deleteIfExists(to);
		try (InputStream in = Files.newInputStream(from); OutputStream out = ownerOnlyOutput(to)) {
			in.transferTo(out);
		}
	}

	/** Owner-only folders (PostgreSQL insists on it for its data folder; the rest holds keys). */
	private static void createOwnerOnlyDirectories(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		createOwnerOnlyDirectories(folder.getParent());
		try {
			Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
					"rwx------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createDirectory(folder);
		}
	}

	private static OutputStream ownerOnlyOutput(Path file) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
		return Files.newOutputStream(file);
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
