package dev.meshbone.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table for benchmark results. */
public final class BenchTable {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public BenchTable(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    public BenchTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    public void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println();
        out.println(title);
        printRow(out, header, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int w : widths) {
            rule.append("-".repeat(w + 2)).append('|');
        }
        out.println(rule);
        rows.forEach(r -> printRow(out, r, widths));
    }

    private static void printRow(PrintStream out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            line.append(' ').append(String.format("%-" + widths[i] + "s", cells.get(i))).append(" |");
        }
        out.println(line);
    }

    /** Formats a ratio such as 0.93x. */
    public static String ratio(double measured, double baseline) {
        return String.format("%.2fx", measured / baseline);
    }
}
