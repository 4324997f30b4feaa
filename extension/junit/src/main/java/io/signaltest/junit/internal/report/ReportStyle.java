package io.signaltest.junit.internal.report;

/** The style sheet of the HTML reports, inlined into each page so that a report is one file. */
final class ReportStyle {

    private ReportStyle() {}

    static final String CSS = """
            :root { --running: #4e79a7; --cleanup: #59a14f; --cut: #e8743b; --failed: #b6403a; --overran: #e0b22f;
                    --queue: #c9c3bd; --moment: #8e5fa8; --signal: #d62728; --exit: #222; --ink: #1f2328;
                      --muted: #59636e;
                    --line: #d8dee4; --pass: #1a7f37; --fail: #cf222e; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
              color: var(--ink);
                   margin: 0 auto; padding: 24px 32px 48px; max-width: 1320px; background: #fff; }
            header { display: flex; align-items: baseline; gap: 16px; border-bottom: 1px solid var(--line);
              margin-bottom: 16px; }
            h1 { font-size: 22px; margin: 0 0 10px; }
            h2 { font-size: 16px; margin: 0 0 10px; font-weight: 600; overflow-wrap: anywhere; }
            h3 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .04em;
              color: var(--muted); }
            .summary { margin: 0; font-weight: 600; }
            .summary.pass { color: var(--pass); } .summary.fail { color: var(--fail); }
            .table-wrap { overflow-x: auto; margin-bottom: 14px; }
            table.verdicts { border-collapse: collapse; width: 100%; font-size: 13px; }
            .verdicts th, .verdicts td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line);
              vertical-align: top; }
            .verdicts th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
            .verdicts td:first-child { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
            .verdicts a { color: inherit; text-decoration: none; } .verdicts a:hover { text-decoration: underline; }
            .num { text-align: right !important; white-space: nowrap; font-variant-numeric: tabular-nums; }
            tr.fail td.symptom { color: var(--fail); }
            .badge { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 10px;
                     font-size: 12px; font-weight: 700; color: #fff; background: var(--muted); }
            .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted);
              margin: 0 0 18px; }
            .legend span { display: inline-flex; align-items: center; gap: 5px; }
            .key { display: inline-block; width: 18px; height: 10px; border-radius: 2px; }
            .key.running { background: var(--running); }
            .key.running.cancelled { background: linear-gradient(90deg, var(--running) 70%, var(--signal) 70%); }
            .key.cleanup { background: var(--cleanup); } .key.cut-short { background: var(--cut); }
            .key.failed { background: var(--failed); } .key.overran { background: var(--overran); }
            .key.queue { background: var(--queue); } .key.moment { border-left: 2px dashed var(--moment);
              border-radius: 0; width: 2px; }
            .key.signal { border-left: 2px solid var(--signal); border-radius: 0; width: 2px; }
            .key.exit { border-left: 2px solid var(--exit); border-radius: 0; width: 2px; }
            section.scenario { border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px;
              margin: 0 0 16px; }
            section.scenario.fail { border-left: 4px solid var(--fail); }
              section.scenario.pass { border-left: 4px solid var(--pass); }
            .run { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
            .picture { flex: 0 1 auto; overflow-x: auto; max-width: 100%; }
            aside { flex: 1 1 260px; min-width: 240px; font-size: 13px; }
            aside .ok { color: var(--pass); font-weight: 600; margin: 4px 0; }
            ul.findings { margin: 0; padding-left: 18px; color: var(--fail); }
            ul.findings li { margin-bottom: 3px; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 10px 0 0; }
            dt { color: var(--muted); } dd { margin: 0; font-variant-numeric: tabular-nums; }
            ul.files { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
            ul.files a { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
            .empty { color: var(--muted); font-style: italic; }
            .not-started { color: var(--fail); font-weight: 600; max-width: 860px; margin: 4px 0; }
            details.report { margin-top: 10px; font-size: 12px; }
            details.report summary { cursor: pointer; color: var(--muted); }
            details.report pre { overflow-x: auto; background: #f6f8fa; padding: 8px 10px; border-radius: 4px;
                                 font: 11px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre; }
            @media (max-width: 640px) {
              body { padding: 12px 10px 32px; }
              header { flex-wrap: wrap; gap: 4px 12px; }
              section.scenario { padding: 10px 8px; }
              aside { min-width: 0; flex-basis: 100%; }
              .picture { width: 100%; }
              svg.run-picture { width: 100%; height: auto; }
              table.verdicts thead { display: none; }
              table.verdicts tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
              table.verdicts td { display: flex; justify-content: space-between; gap: 12px; border: none;
                padding: 1px 4px;
                                  text-align: right !important; }
              table.verdicts td::before { content: attr(data-label); color: var(--muted); text-align: left;
                                          font-family: system-ui, sans-serif; white-space: nowrap; }
              table.verdicts td:first-child { display: block; text-align: left !important; font-weight: 600; }
              table.verdicts td:first-child::before { content: none; }
              table.verdicts td.symptom:empty { display: none; }
            }
            ul.log-remarks { font-size: 12px; color: var(--muted); margin: 6px 0 0; padding-left: 18px; }
            ul.log-remarks .error { color: var(--fail); }
            svg.run-picture { display: block; font: 11px system-ui, "DejaVu Sans", sans-serif; }
            svg .lane-bg { fill: #f6f8fa; stroke: #fff; stroke-width: 2; }
            svg .lane-label { fill: var(--muted); text-anchor: end; }
            svg .program .running { fill: var(--running); }
            svg .running { fill: var(--running); }
            svg .cleanup { fill: var(--cleanup); } svg .cleanup.cut-short { fill: var(--cut); }
            svg .cleanup.failed { fill: var(--failed); } svg .cleanup.overran { fill: var(--overran); }
            svg .bar-label { fill: #fff; font-weight: 600; pointer-events: none; }
            svg .bar-note { fill: var(--cut); font-weight: 700; }
            svg .cancel-mark { fill: var(--signal); font-size: 11px; font-weight: 700; text-anchor: middle; }
            svg .queue { fill: var(--queue); }
            svg .queue-note { fill: var(--muted); font-style: italic; }
            svg .moment line { stroke: var(--moment); stroke-width: 1.5; stroke-dasharray: 4 3; }
            svg .moment text { fill: var(--moment); font-weight: 600; }
            svg .signal line { stroke: var(--signal); stroke-width: 1.5; }
            svg .signal path { fill: var(--signal); }
            svg .signal text { fill: var(--signal); font-weight: 700; }
            svg .exit line { stroke: var(--exit); stroke-width: 1.5; }
            svg .exit text { fill: var(--exit); font-weight: 700; }
            svg .axis line { stroke: #8c959f; } svg .axis text { fill: var(--muted); text-anchor: middle;
              font-size: 10px; }
            svg .axis .axis-caption { text-anchor: end; }
            svg .req.answered, .key.req.answered { fill: var(--cleanup); background: var(--cleanup); }
            svg .req.refused, .key.req.refused { fill: var(--queue); background: var(--queue); }
            svg .req.closed-before-answer, .key.req.closed-before-answer { fill: var(--cut); background: var(--cut); }
            svg .req.cut-off, .key.req.cut-off { fill: var(--failed); background: var(--failed); }
            svg .req.no-answer, .key.req.no-answer { fill: var(--overran); background: var(--overran); }
            svg .entered { stroke: var(--ink); stroke-width: 2; }
            .key.entered { border-left: 2px solid var(--ink); border-radius: 0; width: 2px; }
            """;
}
