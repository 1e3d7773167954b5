
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kbwalk' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kbwalk'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kbwalk' {
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--export-dir', '--export-dir', [CompletionResultType]::ParameterName, 'Where the wizard writes its exports (default: the current folder)')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard')
            [CompletionResult]::new('--mount', '--mount', [CompletionResultType]::ParameterName, 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)')
            [CompletionResult]::new('--probe-timeout', '--probe-timeout', [CompletionResultType]::ParameterName, 'How long one probe may take, in seconds [default: 5]')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('--allow-commands', '--allow-commands', [CompletionResultType]::ParameterName, 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check tree files; with no PATH, every tree kbwalk would load')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the trees and their symptoms')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Walk a tree unattended with given answers, and export the result')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw a tree''s questions, outcomes and routes as a Mermaid or DOT graph')
            [CompletionResult]::new('sessions', 'sessions', [CompletionResultType]::ParameterValue, 'Manage stored sessions: list, show, export, remove; drive one from a script')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a stored session (by default the most recently changed unfinished one)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn KB articles (plain text, Markdown or HTML page) into draft trees')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the tree format, for editors')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), of kbwalk or of one command')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kbwalk;lint' {
            [CompletionResult]::new('--articles', '--articles', [CompletionResultType]::ParameterName, 'Where the article files are (e.g. `Q183347.txt`, `Q201658.md`; searched two folders deep; repeatable). Without it, coverage lists what is cited')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--coverage', '--coverage', [CompletionResultType]::ParameterName, 'Also report, for each article a tree cites, the sections and numbered steps that no node cites')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;list' {
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;run' {
            [CompletionResult]::new('--symptom', '--symptom', [CompletionResultType]::ParameterName, 'Start at this symptom instead of the tree''s general start')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'A YAML file of answers (question id: value), or a kbwalk Markdown export')
            [CompletionResult]::new('--answer', '--answer', [CompletionResultType]::ParameterName, 'One answer, QUESTION=VALUE (repeatable; overrides the answers file)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the export to FILE instead of standard output')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard')
            [CompletionResult]::new('--mount', '--mount', [CompletionResultType]::ParameterName, 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)')
            [CompletionResult]::new('--probe-timeout', '--probe-timeout', [CompletionResultType]::ParameterName, 'How long one probe may take, in seconds [default: 5]')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('--allow-commands', '--allow-commands', [CompletionResultType]::ParameterName, 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kbwalk;graph' {
            [CompletionResult]::new('--symptom', '--symptom', [CompletionResultType]::ParameterName, 'Only what this symptom can reach, following the answers it gives')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the graph to FILE instead of standard output')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kbwalk;sessions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sessions, most recently changed first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where a session stands, what opening it found, and its timeline')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a session: Markdown with its timeline, or JSON')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete sessions; refused for a session another kbwalk has open')
            [CompletionResult]::new('dismiss', 'dismiss', [CompletionResultType]::ParameterValue, 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Start a session without the wizard, and print its id')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kbwalk;sessions;list' {
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--unfinished', '--unfinished', [CompletionResultType]::ParameterName, 'Leave out finished sessions (at an outcome with no step left to do)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include dismissed sessions, marked so')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;sessions;show' {
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;sessions;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the export to FILE instead of standard output')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kbwalk;sessions;rm' {
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Who is recorded as doing this [default: $USER]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;sessions;dismiss' {
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Who is recorded as doing this [default: $USER]')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;sessions;new' {
            [CompletionResult]::new('--symptom', '--symptom', [CompletionResultType]::ParameterName, 'Start at this symptom instead of the tree''s general start')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Who is recorded as doing this [default: $USER]')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;sessions;apply' {
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Who is recorded as doing this [default: $USER]')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;sessions;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sessions, most recently changed first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where a session stands, what opening it found, and its timeline')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a session: Markdown with its timeline, or JSON')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete sessions; refused for a session another kbwalk has open')
            [CompletionResult]::new('dismiss', 'dismiss', [CompletionResultType]::ParameterValue, 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Start a session without the wizard, and print its id')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kbwalk;sessions;help;list' {
            break
        }
        'kbwalk;sessions;help;show' {
            break
        }
        'kbwalk;sessions;help;export' {
            break
        }
        'kbwalk;sessions;help;rm' {
            break
        }
        'kbwalk;sessions;help;dismiss' {
            break
        }
        'kbwalk;sessions;help;new' {
            break
        }
        'kbwalk;sessions;help;apply' {
            break
        }
        'kbwalk;sessions;help;help' {
            break
        }
        'kbwalk;resume' {
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Who is recorded as doing this [default: $USER]')
            [CompletionResult]::new('--trees', '--trees', [CompletionResultType]::ParameterName, 'Also load the trees in this folder or file (repeatable)')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard')
            [CompletionResult]::new('--mount', '--mount', [CompletionResultType]::ParameterName, 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)')
            [CompletionResult]::new('--probe-timeout', '--probe-timeout', [CompletionResultType]::ParameterName, 'How long one probe may take, in seconds [default: 5]')
            [CompletionResult]::new('--export-dir', '--export-dir', [CompletionResultType]::ParameterName, 'Where the wizard writes its exports (default: the current folder)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read the session even while another kbwalk has it open')
            [CompletionResult]::new('--no-user-trees', '--no-user-trees', [CompletionResultType]::ParameterName, 'Do not load the trees in the user''s config folder')
            [CompletionResult]::new('--allow-commands', '--allow-commands', [CompletionResultType]::ParameterName, 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;import' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the drafts (default: the user''s trees folder, which the wizard loads)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite drafts that were edited since, and files the importer did not write')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document instead of a line per article')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;schema' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the schema to FILE instead of standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;man' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kbwalk;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check tree files; with no PATH, every tree kbwalk would load')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the trees and their symptoms')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Walk a tree unattended with given answers, and export the result')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw a tree''s questions, outcomes and routes as a Mermaid or DOT graph')
            [CompletionResult]::new('sessions', 'sessions', [CompletionResultType]::ParameterValue, 'Manage stored sessions: list, show, export, remove; drive one from a script')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a stored session (by default the most recently changed unfinished one)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn KB articles (plain text, Markdown or HTML page) into draft trees')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the tree format, for editors')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), of kbwalk or of one command')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kbwalk;help;lint' {
            break
        }
        'kbwalk;help;list' {
            break
        }
        'kbwalk;help;run' {
            break
        }
        'kbwalk;help;graph' {
            break
        }
        'kbwalk;help;sessions' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sessions, most recently changed first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show where a session stands, what opening it found, and its timeline')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a session: Markdown with its timeline, or JSON')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete sessions; refused for a session another kbwalk has open')
            [CompletionResult]::new('dismiss', 'dismiss', [CompletionResultType]::ParameterValue, 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Start a session without the wizard, and print its id')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded')
            break
        }
        'kbwalk;help;sessions;list' {
            break
        }
        'kbwalk;help;sessions;show' {
            break
        }
        'kbwalk;help;sessions;export' {
            break
        }
        'kbwalk;help;sessions;rm' {
            break
        }
        'kbwalk;help;sessions;dismiss' {
            break
        }
        'kbwalk;help;sessions;new' {
            break
        }
        'kbwalk;help;sessions;apply' {
            break
        }
        'kbwalk;help;resume' {
            break
        }
        'kbwalk;help;import' {
            break
        }
        'kbwalk;help;schema' {
            break
        }
        'kbwalk;help;completions' {
            break
        }
        'kbwalk;help;man' {
            break
        }
        'kbwalk;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
