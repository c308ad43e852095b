import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

/**
 * Chart.js with only what the metrics page draws (bar charts): imported lazily by BarChart, so its ~60 kB
 * load only when a coordinator opens the page, never with the sign-in page.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };
