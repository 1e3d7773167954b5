# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kbwalk_global_optspecs
    string join \n trees= no-user-trees export-dir= probe= mount= host= allow-commands probe-timeout= h/help V/version
end

function __fish_kbwalk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kbwalk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kbwalk_using_subcommand
    set -l cmd (__fish_kbwalk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kbwalk -n "__fish_kbwalk_needs_command" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l export-dir -d 'Where the wizard writes its exports (default: the current folder)' -r -F
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l probe -d 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard' -r -f -a "off\t''
ask\t''
auto\t''"
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l mount -d 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)' -r
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l host -d 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)' -r
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l probe-timeout -d 'How long one probe may take, in seconds [default: 5]' -r
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -l allow-commands -d 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -s V -l version -d 'Print version'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "lint" -d 'Check tree files; with no PATH, every tree kbwalk would load'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "list" -d 'List the trees and their symptoms'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "run" -d 'Walk a tree unattended with given answers, and export the result'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "graph" -d 'Draw a tree\'s questions, outcomes and routes as a Mermaid or DOT graph'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "sessions" -d 'Manage stored sessions: list, show, export, remove; drive one from a script'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "resume" -d 'Continue a stored session (by default the most recently changed unfinished one)'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "import" -d 'Turn KB articles (plain text, Markdown or HTML page) into draft trees'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "schema" -d 'Print the JSON Schema of the tree format, for editors'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "man" -d 'Print the manual page (roff), of kbwalk or of one command'
complete -c kbwalk -n "__fish_kbwalk_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand lint" -l articles -d 'Where the article files are (e.g. `Q183347.txt`, `Q201658.md`; searched two folders deep; repeatable). Without it, coverage lists what is cited' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand lint" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand lint" -l coverage -d 'Also report, for each article a tree cites, the sections and numbered steps that no node cites'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand lint" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand lint" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand list" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand list" -l json -d 'Print JSON instead of text'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand list" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand list" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l symptom -d 'Start at this symptom instead of the tree\'s general start' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l answers -d 'A YAML file of answers (question id: value), or a kbwalk Markdown export' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l answer -d 'One answer, QUESTION=VALUE (repeatable; overrides the answers file)' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l format -d 'What to print' -r -f -a "markdown\t''
json\t''
text\t'Plain text, for ticket tools that do not render Markdown'"
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l output -d 'Write the export to FILE instead of standard output' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l probe -d 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard' -r -f -a "off\t''
ask\t''
auto\t''"
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l mount -d 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l host -d 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l probe-timeout -d 'How long one probe may take, in seconds [default: 5]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -l allow-commands -d 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand graph" -l symptom -d 'Only what this symptom can reach, following the answers it gives' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand graph" -l format -r -f -a "mermaid\t'A Mermaid flowchart, for issues, tickets and wikis'
dot\t'Graphviz DOT: `| dot -Tsvg > tree.svg`'"
complete -c kbwalk -n "__fish_kbwalk_using_subcommand graph" -l output -d 'Write the graph to FILE instead of standard output' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand graph" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand graph" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "list" -d 'List the sessions, most recently changed first'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "show" -d 'Show where a session stands, what opening it found, and its timeline'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "export" -d 'Export a session: Markdown with its timeline, or JSON'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "rm" -d 'Delete sessions; refused for a session another kbwalk has open'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "dismiss" -d 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "new" -d 'Start a session without the wizard, and print its id'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "apply" -d 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and not __fish_seen_subcommand_from list show export rm dismiss new apply help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from list" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of text'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from list" -l unfinished -d 'Leave out finished sessions (at an outcome with no step left to do)'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from list" -l all -d 'Include dismissed sessions, marked so'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from list" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from show" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of text'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from show" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from export" -l format -r -f -a "markdown\t''
json\t''
text\t'Plain text, for ticket tools that do not render Markdown'"
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from export" -l output -d 'Write the export to FILE instead of standard output' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from export" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from export" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from rm" -l operator -d 'Who is recorded as doing this [default: $USER]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from dismiss" -l operator -d 'Who is recorded as doing this [default: $USER]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from dismiss" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from dismiss" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from dismiss" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from new" -l symptom -d 'Start at this symptom instead of the tree\'s general start' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from new" -l operator -d 'Who is recorded as doing this [default: $USER]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from new" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from new" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from apply" -l operator -d 'Who is recorded as doing this [default: $USER]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from apply" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from apply" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the sessions, most recently changed first'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show where a session stands, what opening it found, and its timeline'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export a session: Markdown with its timeline, or JSON'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete sessions; refused for a session another kbwalk has open'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "dismiss" -d 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "new" -d 'Start a session without the wizard, and print its id'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l operator -d 'Who is recorded as doing this [default: $USER]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l trees -d 'Also load the trees in this folder or file (repeatable)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l probe -d 'Probes: `off` never looks; `ask` proposes answers for the operator to accept; `auto` accepts them (and runs step verifications). Default: `off` for `run`, `ask` in the wizard' -r -f -a "off\t''
ask\t''
auto\t''"
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l mount -d 'Map a Windows drive of the probed machine to a local folder, e.g. its mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable; adds to `mounts:` in the config file)' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l host -d 'Name a host for TCP probes that say `$NAME` (repeatable; adds to `hosts:` in the config file)' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l probe-timeout -d 'How long one probe may take, in seconds [default: 5]' -r
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l export-dir -d 'Where the wizard writes its exports (default: the current folder)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l read-only -d 'Read the session even while another kbwalk has it open'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l no-user-trees -d 'Do not load the trees in the user\'s config folder'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -l allow-commands -d 'Let probes run the commands their trees name. Without it a command probe only shows the command line it would run'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand resume" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand import" -l out -d 'Where to write the drafts (default: the user\'s trees folder, which the wizard loads)' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand import" -l force -d 'Overwrite drafts that were edited since, and files the importer did not write'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand import" -l json -d 'Print one JSON document instead of a line per article'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand import" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand schema" -l output -d 'Write the schema to FILE instead of standard output' -r -F
complete -c kbwalk -n "__fish_kbwalk_using_subcommand schema" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand man" -s h -l help -d 'Print help'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "lint" -d 'Check tree files; with no PATH, every tree kbwalk would load'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "list" -d 'List the trees and their symptoms'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "run" -d 'Walk a tree unattended with given answers, and export the result'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "graph" -d 'Draw a tree\'s questions, outcomes and routes as a Mermaid or DOT graph'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "sessions" -d 'Manage stored sessions: list, show, export, remove; drive one from a script'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "resume" -d 'Continue a stored session (by default the most recently changed unfinished one)'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "import" -d 'Turn KB articles (plain text, Markdown or HTML page) into draft trees'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "schema" -d 'Print the JSON Schema of the tree format, for editors'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "man" -d 'Print the manual page (roff), of kbwalk or of one command'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and not __fish_seen_subcommand_from lint list run graph sessions resume import schema completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "list" -d 'List the sessions, most recently changed first'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "show" -d 'Show where a session stands, what opening it found, and its timeline'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "export" -d 'Export a session: Markdown with its timeline, or JSON'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "rm" -d 'Delete sessions; refused for a session another kbwalk has open'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "dismiss" -d 'Set abandoned sessions aside: they stay on disk, but `sessions list` and the wizard leave them out (`sessions list --all` shows them). Changing one again (`kbwalk resume ID`) brings it back'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "new" -d 'Start a session without the wizard, and print its id'
complete -c kbwalk -n "__fish_kbwalk_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "apply" -d 'Apply inputs read from standard input, one JSON object a line (e.g. {"input":"answer","question":"site_code","value":"S01"}). Each is acknowledged with a JSON line on standard output only once it is on disk; a refused input is not recorded'
