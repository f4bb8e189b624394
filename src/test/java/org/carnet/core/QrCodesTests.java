package org.carnet.core;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** QR codes as SVG, read back as a scanner reads them; {@link #decode} for the pages that show one. */
public class QrCodesTests {

	private static final Pattern MODULE_RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)");

	private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

	@Test
	void aShareCodesQrCodeSvgDecodesToTheCode() throws Exception {
		String svg = QrCodes.svg("K7Q-4M2-9XT");

		assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
		assertThat(decode(svg)).isEqualTo("K7Q-4M2-9XT");
	}

	/** Reads the QR code back from the SVG as a scanner would from its pixels. */
	public static String decode(String svg) throws Exception {
		Matcher box = VIEW_BOX.matcher(svg);
		assertThat(box.find()).isTrue();
		int width = Integer.parseInt(box.group(1));
		int height = Integer.parseInt(box.group(2));
		int scale = 4;
		int[] pixels = new int[width * scale * height * scale];
		Arrays.fill(pixels, 0xFFFFFFFF);
		Matcher runs = MODULE_RUN.matcher(svg);
		while (runs.find()) {
			int x = Integer.parseInt(runs.group(1));
			int y = Integer.parseInt(runs.group(2));
			int run = Integer.parseInt(runs.group(3));
			for (int dx = x * scale; dx < (x + run) * scale; dx++) {
				for (int dy = y * scale; dy < (y + 1) * scale; dy++) {
					pixels[dy * width * scale + dx] = 0xFF000000;
				}
			}
		}
		BinaryBitmap bitmap = new BinaryBitmap(
				new HybridBinarizer(new RGBLuminanceSource(width * scale, height * scale, pixels)));
		return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
	}
}
