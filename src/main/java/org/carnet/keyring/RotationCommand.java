package org.carnet.keyring;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.carnet.core.BadInput;
import org.carnet.core.CarnetException;
import org.carnet.core.Jurisdiction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * The command line of a KEK rotation: started with {@code --carnet.rotate-kek=GR}, Carnet rotates that
 * jurisdiction's KEK (or resumes its interrupted rotation), rewraps every data key and exits: 0 when every key is
 * rewrapped, 2 when some were refused, 1 when the rewrap stopped (run the same command again to resume) or the
 * command was wrong.
 */
final class RotationCommand implements ApplicationRunner {

	static final int COMPLETED = 0;

	static final int STOPPED = 1;

	static final int INCOMPLETE = 2;

	private static final Logger log = LoggerFactory.getLogger(RotationCommand.class);

	private final KeyRotation rotation;

	private final String jurisdiction;

	private final boolean raiseMinDecryptionVersion;

	private final IntConsumer exit;

	/** Told of every run that reached the keyring, to record it in the access ledger. */
	private final Consumer<KeyRotationRun> runs;

	RotationCommand(KeyRotation rotation, String jurisdiction, boolean raiseMinDecryptionVersion, IntConsumer exit,
			Consumer<KeyRotationRun> runs) {
		this.rotation = rotation;
		this.jurisdiction = jurisdiction;
		this.raiseMinDecryptionVersion = raiseMinDecryptionVersion;
		this.exit = exit;
		this.runs = runs;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		exit.accept(execute());
	}

	int execute() {
		Jurisdiction country = null;
		try {
			country = Jurisdiction.parse(jurisdiction, "carnet.rotate-kek");
			RotationStatus status = rotate(country);
			log.info("KEK rotation of {}: {} under version {}, {} of {} keys rewrapped, {} refused{}", country,
					status.state(), status.kekVersion(), status.rewrapped(), status.total(), status.failed(),
					status.minDecryptionVersion() == null ? ""
							: "; older versions refused from now on (minimum decryption version "
									+ status.minDecryptionVersion() + ")");
			return status.state() == RotationStatus.State.COMPLETED ? COMPLETED : INCOMPLETE;
		}
		catch (BadInput ex) {
			log.error("KEK rotation of {} refused: {}", jurisdiction, ex.getMessage());
			return STOPPED;
		}
		catch (CarnetException ex) {
			log.error("KEK rotation of {} stopped: {}. Run the same command again to resume it.", jurisdiction,
					ex.getMessage());
			return STOPPED;
		}
	}

	/** Rotates, then records the run (completed or not); a run that cannot be recorded stops the command. */
	private RotationStatus rotate(Jurisdiction country) {
		RotationStatus status;
		try {
			status = rotation.rotate(country, raiseMinDecryptionVersion);
		}
		catch (CarnetException ex) {
			runs.accept(new KeyRotationRun(country, false));
			throw ex;
		}
		runs.accept(new KeyRotationRun(country, status.state() == RotationStatus.State.COMPLETED));
		return status;
	}
}
