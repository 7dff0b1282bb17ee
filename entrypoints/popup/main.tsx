import { render } from 'preact';
import { SearchBox } from '@/components/SearchBox';

render(<SearchBox />, document.getElementById('app')!);
