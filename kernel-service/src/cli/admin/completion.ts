/** `aether completion bash|zsh`: scripts generated from the command table, so they never drift from it. */
import { UsageError } from '../usage.js';
import type { Command, Options } from './command.js';

const flagsOf = (options: Options) =>
  Object.entries({ ...options, help: { type: 'boolean' as const, short: 'h' } })
    .flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])])
    .sort();

export function bashCompletion(commands: Command[], agentCommands: string[]): string {
  const names = [...commands.map((c) => c.name), ...agentCommands].sort().join(' ');
  const cases = commands
    .filter((c) => c.name !== 'completion')
    .map((c) => `    ${c.name}) flags="${flagsOf(c.options).join(' ')}" ;;`)
    .join('\n');
  return `# bash completion for aether; load with: source <(aether completion bash)
_aether() {
  local cur=\${COMP_WORDS[COMP_CWORD]} flags=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${names}" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _aether aether
`;
}

export function zshCompletion(commands: Command[], agentCommands: string[]): string {
  const described = [
    ...commands.map((c) => `    '${c.name}:${c.summary.replace(/'/g, "'\\''").replace(/:/g, '\\:')}'`),
    ...agentCommands.map((n) => `    '${n}:agent command (inside a sandbox)'`),
  ].join('\n');
  const cases = commands
    .map(
      (c) =>
        `    ${c.name}) _arguments '*:file:_files' ${flagsOf(c.options)
          .map((f) => `'${f}'`)
          .join(' ')} ;;`,
    )
    .join('\n');
  return `#compdef aether
# zsh completion for aether; load with: source <(aether completion zsh)
_aether() {
  local -a commands
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case $words[2] in
${cases}
    completion) _values 'shell' bash zsh ;;
  esac
}
compdef _aether aether
`;
}

/** `all` is read when the script is made: the table it belongs to, itself included. */
export function completion(all: () => Command[], agentCommands: string[]): Command {
  return {
    name: 'completion',
    summary: 'Shell completion: source <(aether completion bash)',
    synopsis: 'bash|zsh',
    options: {},
    async run(ctx, _o, args) {
      const shell = args[0];
      if (shell === 'bash') ctx.io.stdout.write(bashCompletion(all(), agentCommands));
      else if (shell === 'zsh') ctx.io.stdout.write(zshCompletion(all(), agentCommands));
      else throw new UsageError(`completion wants bash or zsh${shell ? `, not "${shell}"` : ''}`, 'completion');
      return 0;
    },
  };
}
