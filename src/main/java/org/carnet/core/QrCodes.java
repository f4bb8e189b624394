package org.carnet.core;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes as SVG text: one square per dark module, scalable, no image library needed (a share code, a PHR number on
 * a printed summary).
 */
public final class QrCodes {

	private static final int QUIET_ZONE = 4;

	private QrCodes() {
	}

	public static BitMatrix matrix(String text) {
		try {
			return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE));
		}
		catch (WriterException ex) {
			throw new IllegalStateException("Cannot encode a QR code", ex);
		}
	}

	/** An SVG image of the QR code of {@code text}; each unit of its view box is one module. */
	public static String svg(String text) {
		BitMatrix matrix = matrix(text);
		int width = matrix.getWidth();
		int height = matrix.getHeight();
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < height; y++) {
			int x = 0;
			while (x < width) {
				if (!matrix.get(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < width && matrix.get(x, y)) {
					x++;
				}
				int run = x - start;
				path.append('M').append(start).append(' ').append(y).append('h').append(run).append("v1h-").append(run)
					.append('z');
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height
				+ "\" shape-rendering=\"crispEdges\"><rect width=\"" + width + "\" height=\"" + height
				+ "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
	}
}
