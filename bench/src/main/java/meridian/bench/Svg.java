package meridian.bench;

import java.util.List;
import java.util.Locale;

/** Horizontal bar charts as SVG text: small enough to commit and to read in a Markdown viewer. */
final class Svg {
  private Svg() {}

  /** A bar; a ceiling is drawn grey, Meridian's figures blue; {@code text} (or the value) is written beside it. */
  record Bar(String label, double value, boolean ceiling, String text) {}

  /** A vertical line across the chart at a value (a target). */
  record Line(String label, double value) {}

  private static final int LABEL_WIDTH = 260;
  private static final int PLOT_WIDTH = 460;
  private static final int ROW = 22;

  static String bars(String title, String unit, List<Bar> bars, List<Line> lines) {
    double max = 0;
    for (Bar bar : bars) {
      max = Math.max(max, Double.isNaN(bar.value()) ? 0 : bar.value());
    }
    for (Line line : lines) {
      max = Math.max(max, line.value());
    }
    max = max <= 0 ? 1 : max * 1.15;
    int height = 50 + bars.size() * ROW + 30;
    int width = LABEL_WIDTH + PLOT_WIDTH + 260;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        width, height));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
    int y = 40;
    for (Bar bar : bars) {
      double value = Double.isNaN(bar.value()) ? 0 : bar.value();
      int w = (int) Math.round(value / max * PLOT_WIDTH);
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8,
          y + 15, escape(bar.label())));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>%n", LABEL_WIDTH,
          y + 3, Math.max(1, w), bar.ceiling() ? "#9e9e9e" : "#2f6db5"));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LABEL_WIDTH + w + 5, y + 15,
          escape(bar.text() != null ? bar.text() : format(value) + (unit.isEmpty() ? "" : " " + unit))));
      y += ROW;
    }
    for (Line line : lines) {
      int x = LABEL_WIDTH + (int) Math.round(line.value() / max * PLOT_WIDTH);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>%n",
          x, x, y + 2));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#c62828\" text-anchor=\"middle\">%s</text>%n", x,
          y + 18, escape(line.label())));
    }
    return svg.append("</svg>\n").toString();
  }

  private static String format(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
