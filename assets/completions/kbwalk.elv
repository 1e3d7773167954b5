
use builtin;
use str;

set edit:completion:arg-completer[kbwalk] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kbwalk'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kbwalk'= {
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --export-dir 'Where the wizard writes its exports (default: the current folder)'
            cand --probe 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard'
            cand --mount 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)'
            cand --host 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)'
            cand --probe-timeout 'How long one probe may take, in seconds [default: 5]'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand --allow-commands 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Check tree files; with no PATH, every tree kbwalk would load'
            cand list 'List the trees and their symptoms'
            cand run 'Walk a tree unattended with given answers, and export the result'
            cand graph 'Draw a tree''s questions, outcomes and routes as a Mermaid or DOT graph'
            cand sessions 'Manage stored sessions: list, show, export, remove; drive one from a script'
            cand resume 'Continue a stored session (by default the most recently changed unfinished one)'
            cand import 'Turn KB articles (plain text, Markdown or HTML page) into draft trees'
            cand schema 'Print the JSON Schema of the tree format, for editors'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page (roff), of kbwalk or of one command'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kbwalk;lint'= {
            cand --articles 'Where the article files are (e.g. `Q183347.txt`, `Q201658.md`; searched two folders deep; repeatable). Without it, coverage lists what is cited'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --coverage 'Also report, for each article a tree cites, the sections and numbered steps that no node cites'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;list'= {
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --json 'Print JSON instead of text'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;run'= {
            cand --symptom 'Start at this symptom instead of the tree''s general start'
            cand --answers 'A YAML file of answers (question id: value), or a kbwalk Markdown export'
            cand --answer 'One answer, QUESTION=VALUE (repeatable; overrides the answers file)'
            cand --format 'What to print'
            cand --output 'Write the export to FILE instead of standard output'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --probe 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard'
            cand --mount 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)'
            cand --host 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)'
            cand --probe-timeout 'How long one probe may take, in seconds [default: 5]'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand --allow-commands 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kbwalk;graph'= {
            cand --symptom 'Only what this symptom can reach, following the answers it gives'
            cand --format 'format'
            cand --output 'Write the graph to FILE instead of standard output'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kbwalk;sessions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the sessions, most recently changed first'
            cand show 'Show where a session stands, what opening it found, and its timeline'
            cand export 'Export a session: Markdown with its timeline, or JSON'
            cand rm 'Delete sessions; refused for a session another kbwalk has open'
            cand dismiss 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back'
            cand new 'Start a session without the wizard, and print its id'
            cand apply 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kbwalk;sessions;list'= {
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --json 'Print JSON instead of text'
            cand --unfinished 'Leave out finished sessions (at an outcome with no step left to do)'
            cand --all 'Include dismissed sessions, marked so'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;sessions;show'= {
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --json 'Print JSON instead of text'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;sessions;export'= {
            cand --format 'format'
            cand --output 'Write the export to FILE instead of standard output'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kbwalk;sessions;rm'= {
            cand --operator 'Who is recorded as doing this [default: $USER]'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;sessions;dismiss'= {
            cand --operator 'Who is recorded as doing this [default: $USER]'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;sessions;new'= {
            cand --symptom 'Start at this symptom instead of the tree''s general start'
            cand --operator 'Who is recorded as doing this [default: $USER]'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;sessions;apply'= {
            cand --operator 'Who is recorded as doing this [default: $USER]'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;sessions;help'= {
            cand list 'List the sessions, most recently changed first'
            cand show 'Show where a session stands, what opening it found, and its timeline'
            cand export 'Export a session: Markdown with its timeline, or JSON'
            cand rm 'Delete sessions; refused for a session another kbwalk has open'
            cand dismiss 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back'
            cand new 'Start a session without the wizard, and print its id'
            cand apply 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kbwalk;sessions;help;list'= {
        }
        &'kbwalk;sessions;help;show'= {
        }
        &'kbwalk;sessions;help;export'= {
        }
        &'kbwalk;sessions;help;rm'= {
        }
        &'kbwalk;sessions;help;dismiss'= {
        }
        &'kbwalk;sessions;help;new'= {
        }
        &'kbwalk;sessions;help;apply'= {
        }
        &'kbwalk;sessions;help;help'= {
        }
        &'kbwalk;resume'= {
            cand --operator 'Who is recorded as doing this [default: $USER]'
            cand --trees 'Also load the trees in this folder or file (repeatable)'
            cand --probe 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard'
            cand --mount 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)'
            cand --host 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)'
            cand --probe-timeout 'How long one probe may take, in seconds [default: 5]'
            cand --export-dir 'Where the wizard writes its exports (default: the current folder)'
            cand --read-only 'Read the session even while another kbwalk has it open'
            cand --no-user-trees 'Do not load the trees in the user''s config folder'
            cand --allow-commands 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;import'= {
            cand --out 'Where to write the drafts (default: the user''s trees folder, which the wizard loads)'
            cand --force 'Overwrite drafts that were edited since, and files the importer did not write'
            cand --json 'Print one JSON document instead of a line per article'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;schema'= {
            cand --output 'Write the schema to FILE instead of standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;man'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kbwalk;help'= {
            cand lint 'Check tree files; with no PATH, every tree kbwalk would load'
            cand list 'List the trees and their symptoms'
            cand run 'Walk a tree unattended with given answers, and export the result'
            cand graph 'Draw a tree''s questions, outcomes and routes as a Mermaid or DOT graph'
            cand sessions 'Manage stored sessions: list, show, export, remove; drive one from a script'
            cand resume 'Continue a stored session (by default the most recently changed unfinished one)'
            cand import 'Turn KB articles (plain text, Markdown or HTML page) into draft trees'
            cand schema 'Print the JSON Schema of the tree format, for editors'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page (roff), of kbwalk or of one command'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kbwalk;help;lint'= {
        }
        &'kbwalk;help;list'= {
        }
        &'kbwalk;help;run'= {
        }
        &'kbwalk;help;graph'= {
        }
        &'kbwalk;help;sessions'= {
            cand list 'List the sessions, most recently changed first'
            cand show 'Show where a session stands, what opening it found, and its timeline'
            cand export 'Export a session: Markdown with its timeline, or JSON'
            cand rm 'Delete sessions; refused for a session another kbwalk has open'
            cand dismiss 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back'
            cand new 'Start a session without the wizard, and print its id'
            cand apply 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded'
        }
        &'kbwalk;help;sessions;list'= {
        }
        &'kbwalk;help;sessions;show'= {
        }
        &'kbwalk;help;sessions;export'= {
        }
        &'kbwalk;help;sessions;rm'= {
        }
        &'kbwalk;help;sessions;dismiss'= {
        }
        &'kbwalk;help;sessions;new'= {
        }
        &'kbwalk;help;sessions;apply'= {
        }
        &'kbwalk;help;resume'= {
        }
        &'kbwalk;help;import'= {
        }
        &'kbwalk;help;schema'= {
        }
        &'kbwalk;help;completions'= {
        }
        &'kbwalk;help;man'= {
        }
        &'kbwalk;help;help'= {
        }
    ]
    $completions[$command]
}
