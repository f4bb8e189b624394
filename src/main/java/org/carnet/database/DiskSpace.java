package org.carnet.database;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Says when a failure is a full disk: PostgreSQL and the file system report it deep inside other errors (a start that
 * cannot write its lock file, a copy that stops half-way), and the operator should read it first.
 */
final class DiskSpace {

	/** Below this, a start of the embedded PostgreSQL (a log segment of 16 MB at least) fails for want of space. */
	static final long LOW = 32L * 1024 * 1024;

	/**
	 * Below this, PostgreSQL cannot even write its lock file, log and statistics: a start is refused at once instead of
	 * after the embedded server's start-up wait.
	 */
	static final long NONE = 1024L * 1024;

	private DiskSpace() {
	}

	/**
	 * The failure's message, preceded by "the disk holding {@code path} is full (N kB free)" when the file system
	 * said so or has less than {@link #LOW} free.
	 */
	static String explain(Path path, Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		boolean saidFull = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String text = String.valueOf(cause.getMessage());
			saidFull |= text.contains("No space left on device") || text.contains("Disk quota exceeded");
		}
		long free = usableSpace(path);
		if (saidFull || (free >= 0 && free < LOW)) {
			return "the disk holding " + path + " is full (" + (free < 0 ? "unknown" : free / 1024 + " kB")
					+ " free): free some space or move carnet.data-dir to a larger disk, then try again (" + message
					+ ")";
		}
		return message;
	}

	/** Free bytes for this user on the file system of {@code path} or its nearest existing parent; -1 if unknown. */
	static long usableSpace(Path path) {
		Path existing = path.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null) {
			return -1;
		}
		try {
			FileStore store = Files.getFileStore(existing);
			return store.getUsableSpace();
		}
		catch (IOException ex) {
			return -1;
		}
	}
}
