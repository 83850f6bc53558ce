(phrase) => {
  const article = document.querySelector('[data-article-text]');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let text = '', nodes = [];
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const at = text.indexOf(phrase);
  if (at < 0) return null;
  function locate(offset) {
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
  }
  const [startNode, startOffset] = locate(at);
  const [endNode, endOffset] = locate(at + phrase.length - 1);
  const first = document.createRange(); first.setStart(startNode, startOffset); first.setEnd(startNode, startOffset + 1);
  const last = document.createRange(); last.setStart(endNode, endOffset); last.setEnd(endNode, endOffset + 1);
  const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
  return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
}
