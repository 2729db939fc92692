import Type from 'typebox';
import { defineTool } from './registry.js';

export const finishTool = defineTool({
  name: 'finish',
  category: 'completion',
  description:
    'End your run with a result: what you did and where the output is. Set success to false if the goal could not be met.',
  parameters: Type.Object({
    result: Type.String({ minLength: 1, maxLength: 100_000 }),
    success: Type.Optional(Type.Boolean()),
  }),
  async run({ result, success = true }) {
    return { output: 'Run finished.', finish: { result, success } };
  },
});
